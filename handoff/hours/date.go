package hours

import (
	"fmt"
	"time"
)

// Date is a calendar date without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a YYYY-MM-DD date and rejects dates that do not exist.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%q is not a date; write YYYY-MM-DD, for example 2024-12-24", s)
	}
	return DateOf(t), nil
}

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// AddDays returns the date n days after d (before, when n is negative).
func (d Date) AddDays(n int) Date {
	return dateOfDay(d.day() + int64(n))
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.day()) }

// day returns the number of days from 1970-01-01 to d; invalid dates
// normalise as time.Date does (February 30 is March 1 or 2).
func (d Date) day() int64 {
	return floorDiv(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
}

// dateOfDay is the inverse of Date.day.
func dateOfDay(n int64) Date {
	return DateOf(time.Unix(n*secondsPerDay, 0).UTC())
}

// weekdayOf returns the weekday of day number n; 1970-01-01 was a Thursday.
func weekdayOf(n int64) time.Weekday {
	return time.Weekday(floorMod(n+int64(time.Thursday), 7))
}

const (
	minutesPerDay = 24 * 60
	secondsPerDay = 24 * 60 * 60
)

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }
