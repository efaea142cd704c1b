package privacy

import (
	"regexp"
	"strconv"
	"sync"
)

// The national ids recognised, each validated beyond its shape.
var (
	// ssnRE: a US Social Security number written with dashes (nine bare
	// digits are too often something else).
	ssnRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b(\d{3})-(\d{2})-(\d{4})\b`) })
	// hetuRE: a Finnish henkilötunnus, DDMMYY, the century sign, the
	// individual number and the check character.
	hetuRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?i)\b(\d{2})(\d{2})(\d{2})([-+a-fu-y])(\d{3})([0-9a-y])\b`)
	})
	// steuerIDRE: a German Steuer-ID (steuerliche Identifikationsnummer),
	// eleven digits, bare or grouped 2-3-3-3.
	steuerIDRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\b\d{2} ?\d{3} ?\d{3} ?\d{3}\b`) })
)

func findNationalIDs(s string) []span {
	if !hasDigits(s, 9) { // the shortest, a SSN or a henkilötunnus, has nine
		return nil
	}
	var out []span
	for _, m := range ssnRE().FindAllStringSubmatchIndex(s, -1) {
		if validSSN(s[m[2]:m[3]], s[m[4]:m[5]], s[m[6]:m[7]]) {
			out = append(out, span{m[0], m[1]})
		}
	}
	for _, m := range hetuRE().FindAllStringIndex(s, -1) {
		if validHetu(s[m[0]:m[1]]) {
			out = append(out, span{m[0], m[1]})
		}
	}
	for _, m := range steuerIDRE().FindAllStringIndex(s, -1) {
		if validSteuerID(onlyDigits(s[m[0]:m[1]])) {
			out = append(out, span{m[0], m[1]})
		}
	}
	return out
}

// validSSN applies the issuing rules: area 001-899 except 666, group
// 01-99, serial 0001-9999.
func validSSN(area, group, serial string) bool {
	a, _ := strconv.Atoi(area)
	return a != 0 && a != 666 && a < 900 && group != "00" && serial != "0000"
}

// hetuChecks are the check characters of the henkilötunnus, indexed by the
// nine-digit number DDMMYYZZZ mod 31.
const hetuChecks = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// validHetu checks a henkilötunnus: a real day and month, an individual
// number of 002-899, and the check character.
func validHetu(id string) bool {
	if len(id) != 11 {
		return false
	}
	day, _ := strconv.Atoi(id[0:2])
	month, _ := strconv.Atoi(id[2:4])
	if day < 1 || day > 31 || month < 1 || month > 12 {
		return false
	}
	individual, _ := strconv.Atoi(id[7:10])
	if individual < 2 || individual > 899 {
		return false
	}
	n, err := strconv.Atoi(id[0:6] + id[7:10])
	if err != nil {
		return false
	}
	return hetuChecks[n%31] == upper(id[10])
}

// validSteuerID checks a Steuer-ID: no leading zero; among the first ten
// digits exactly one occurs twice or three times and the others at most
// once; and the check digit of ISO/IEC 7064 MOD 11,10.
func validSteuerID(d string) bool {
	if len(d) != 11 || d[0] == '0' {
		return false
	}
	var count [10]int
	for i := 0; i < 10; i++ {
		count[d[i]-'0']++
	}
	repeated := 0
	for _, c := range count {
		switch {
		case c == 2 || c == 3:
			repeated++
		case c > 3:
			return false
		}
	}
	if repeated != 1 {
		return false
	}
	product := 10
	for i := 0; i < 10; i++ {
		sum := (int(d[i]-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (sum * 2) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return check == int(d[10]-'0')
}
