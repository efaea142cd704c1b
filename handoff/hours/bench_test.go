package hours

import (
	"testing"
	"time"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// benchConfig has 10 periods (7 weekly, 3 dated) and a holiday week.
func benchConfig() Config {
	return Config{
		Timezone: "Europe/Berlin",
		Weekly: []WeeklyPeriod{
			{Name: "morning", Days: Days{"mon-fri"}, From: "08:00", To: "12:00"},
			{Name: "afternoon", Days: Days{"mon-fri"}, From: "13:00", To: "18:00"},
			{Name: "evening", Days: Days{"mon", "wed"}, From: "19:00", To: "21:00"},
			{Name: "early", Days: Days{"thu"}, From: "07:00", To: "08:00"},
			{Name: "saturday", Days: Days{"sat"}, From: "10:00", To: "14:00"},
			{Name: "sunday", Days: Days{"sun"}, From: "12:00", To: "16:00"},
			{Name: "night line", Days: Days{"fri-sat"}, From: "22:00", To: "02:00", Overnight: true},
		},
		Dates: []DatedPeriod{
			{Date: "2024-12-21", From: "14:00", To: "18:00"},
			{Date: "2024-12-30", From: "18:00", To: "20:00"},
			{Date: "2025-01-04", From: "14:00", To: "17:00"},
		},
		Closures: []Closure{
			{Name: "holiday week", Date: "2024-12-23", Until: "2024-12-29"},
			{Name: "New Year", Date: "2025-01-01"},
		},
	}
}

// benchInstants spreads 1024 instants over five weeks around the holidays.
func benchInstants(b *testing.B) []time.Time {
	start := time.Date(2024, 12, 9, 0, 0, 0, 0, time.UTC)
	out := make([]time.Time, 1024)
	for i := range out {
		out[i] = start.Add(time.Duration(i) * 35 * 24 * time.Hour / 1024)
	}
	return out
}

var (
	sinkBool bool
	sinkTime time.Time
)

func BenchmarkOpen(b *testing.B) {
	s := mustNew(b, benchConfig())
	at := benchInstants(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkBool = s.Open(at[i%len(at)])
	}
}

func BenchmarkNextOpen(b *testing.B) {
	s := mustNew(b, benchConfig())
	at := benchInstants(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkTime, sinkBool = s.NextOpen(at[i%len(at)])
	}
}

// BenchmarkNextOpenHolidayWeek asks at the start of the holiday week, the
// longest search of the schedule.
func BenchmarkNextOpenHolidayWeek(b *testing.B) {
	s := mustNew(b, benchConfig())
	at := time.Date(2024, 12, 22, 16, 0, 0, 0, s.Location())
	b.ReportAllocs()
	for b.Loop() {
		sinkTime, sinkBool = s.NextOpen(at)
	}
}

func BenchmarkNextClose(b *testing.B) {
	s := mustNew(b, benchConfig())
	at := benchInstants(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		sinkTime, sinkBool = s.NextClose(at[i%len(at)])
	}
}

func BenchmarkStatus(b *testing.B) {
	s := mustNew(b, benchConfig())
	at := benchInstants(b)
	ny := mustLoad(b, "America/New_York")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := s.Status(handoff.HoursQuery{At: at[i%len(at)], Language: "de", UserZone: ny}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNew(b *testing.B) {
	cfg := benchConfig()
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := New(cfg); err != nil {
			b.Fatal(err)
		}
	}
}
