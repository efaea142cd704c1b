package hours

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// parseClock parses a wall-clock time HH:MM (or H:MM) into minutes after
// midnight. 24:00 is accepted only when end is true.
func parseClock(s string, end bool) (int32, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 || !digits(h) || !digits(m) {
		return 0, fmt.Errorf("%q is not a time; write HH:MM, for example \"08:00\"", s)
	}
	hh, _ := strconv.Atoi(h)
	mm, _ := strconv.Atoi(m)
	switch {
	case mm > 59:
		return 0, fmt.Errorf("%q has %d minutes; minutes run from 00 to 59", s, mm)
	case hh == 24 && mm == 0 && end:
		return minutesPerDay, nil
	case hh == 24 && mm == 0:
		return 0, fmt.Errorf("24:00 is the end of the day and only allowed for to; write 00:00")
	case hh > 23:
		return 0, fmt.Errorf("%q has hour %d; hours run from 00 to 23 (24:00 ends the day)", s, hh)
	}
	return int32(hh*60 + mm), nil
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// formatClock formats minutes after midnight as HH:MM (1440 is 24:00).
func formatClock(m int32) string {
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

var weekdayNames = [7]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

// parseWeekday accepts a full English weekday name or any prefix of at
// least two letters of one (mo, mon, tues, thurs), in any case.
func parseWeekday(s string) (time.Weekday, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if len(s) < 2 {
		return 0, false
	}
	for i, name := range weekdayNames {
		if strings.HasPrefix(name, s) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

const daysHelp = "write mon..sun or monday..sunday, a range like mon-fri, or weekdays, weekends, daily"

// parseDays turns a Days list into a set of weekdays. Each element may hold
// several comma-separated items; an item is a weekday, a range a-b (wrapping
// past Sunday when b comes before a) or one of weekdays, weekends, daily.
func parseDays(days Days) (set [7]bool, err error) {
	n := 0
	for _, elem := range days {
		for item := range strings.SplitSeq(elem, ",") {
			item = strings.ToLower(strings.TrimSpace(item))
			if item == "" {
				continue
			}
			n++
			switch item {
			case "weekdays":
				for d := time.Monday; d <= time.Friday; d++ {
					set[d] = true
				}
				continue
			case "weekend", "weekends":
				set[time.Saturday], set[time.Sunday] = true, true
				continue
			case "daily", "everyday", "every day", "all":
				set = [7]bool{true, true, true, true, true, true, true}
				continue
			}
			if a, b, ok := strings.Cut(item, "-"); ok {
				from, ok1 := parseWeekday(a)
				to, ok2 := parseWeekday(b)
				if !ok1 || !ok2 {
					return set, fmt.Errorf("%q is not a range of weekdays; %s", item, daysHelp)
				}
				for d := from; ; d = (d + 1) % 7 {
					set[d] = true
					if d == to {
						break
					}
				}
				continue
			}
			d, ok := parseWeekday(item)
			if !ok {
				return set, fmt.Errorf("unknown weekday %q; %s", item, daysHelp)
			}
			set[d] = true
		}
	}
	if n == 0 {
		return set, fmt.Errorf("no days given; %s", daysHelp)
	}
	return set, nil
}

// window parses from, to and overnight into a span of minutes after the
// start of the day it belongs to; an overnight span ends after 1440.
func window(from, to string, overnight bool) (span, error) {
	if strings.TrimSpace(from) == "" {
		return span{}, fmt.Errorf("from is missing; write from: \"HH:MM\"")
	}
	if strings.TrimSpace(to) == "" {
		return span{}, fmt.Errorf("to is missing; write to: \"HH:MM\" (24:00 for the end of the day)")
	}
	f, err := parseClock(from, false)
	if err != nil {
		return span{}, fmt.Errorf("from: %w", err)
	}
	t, err := parseClock(to, true)
	if err != nil {
		return span{}, fmt.Errorf("to: %w", err)
	}
	return overnightSpan(f, t, overnight)
}

// overnightSpan applies the overnight rule: to must come after from, unless
// overnight is true, in which case it must not (from == to is 24 hours).
func overnightSpan(f, t int32, overnight bool) (span, error) {
	switch {
	case t > f && overnight && t == minutesPerDay:
		return span{}, fmt.Errorf("to 24:00 already ends at midnight; remove overnight: true")
	case t > f && overnight:
		return span{}, fmt.Errorf("overnight: true but to %s is after from %s on the same day; remove overnight: true", formatClock(t), formatClock(f))
	case t > f:
		return span{f, t}, nil
	case !overnight && t == f:
		return span{}, fmt.Errorf("from and to are both %s; for a 24-hour window from %s write overnight: true, for a whole day write from: \"00:00\" and to: \"24:00\"", formatClock(f), formatClock(f))
	case !overnight:
		return span{}, fmt.Errorf("from %s is not before to %s; for a window past midnight write to: %q with overnight: true, or swap them", formatClock(f), formatClock(t), formatClock(t))
	}
	return span{f, t + minutesPerDay}, nil
}
