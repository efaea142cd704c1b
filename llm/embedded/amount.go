package embedded

import (
	"strconv"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/llm/internal/text"
)

// amountCond is a condition on an amount of money a description sets:
// "a refund of more than 100 EUR".
type amountCond struct {
	min, max float64 // the amount must be > min (when minSet) and < max (when maxSet)
	minSet   bool
	maxSet   bool
	start    int // the token of the number in the description
	phrase   int // the first token of the comparison ("more" of "more than")
}

// Comparison words before a number, by direction.
var (
	moreThan = phrases("more than", "over", "above", "exceeding", "greater than", "at least", "mehr als", "uber",
		"plus de", "superieur a", "au dessus de", "yli", "enemman kuin", "mas de", "superior a", "piu di", "oltre",
		"meer dan", "boven", "mer an", "over", "mais de", "acima de", "minst", "mindestens", "au moins", "vahintaan")
	lessThan = phrases("less than", "under", "below", "at most", "weniger als", "unter", "hochstens", "moins de",
		"au plus", "alle", "vahemman kuin", "enintaan", "menos de", "meno di", "minder dan", "onder", "mindre an",
		"hogst", "abaixo de")
)

func phrases(ps ...string) [][]string {
	out := make([][]string, len(ps))
	for i, p := range ps {
		out[i] = strings.Fields(p)
	}
	return out
}

// parseAmountCond finds "more than N" or "less than N" in a description.
func parseAmountCond(d *text.Doc) *amountCond {
	for i, t := range d.Tokens {
		if !t.Num {
			continue
		}
		v, ok := parseNumber(d.Word(i))
		if !ok {
			continue
		}
		// Skip a currency sign between the comparison and the number.
		j := i
		if j > 0 && d.Tokens[j-1].Sign {
			j--
		}
		if n := endsWith(d, j, moreThan); n > 0 {
			return &amountCond{min: v, minSet: true, start: i, phrase: j - n}
		}
		if n := endsWith(d, j, lessThan); n > 0 {
			return &amountCond{max: v, maxSet: true, start: i, phrase: j - n}
		}
	}
	return nil
}

// endsWith returns the length of the phrase of ps that the tokens before j
// end with, or 0.
func endsWith(d *text.Doc, j int, ps [][]string) int {
	for _, p := range ps {
		if len(p) > j {
			continue
		}
		ok := true
		for k, w := range p {
			if d.Word(j-len(p)+k) != w {
				ok = false
				break
			}
		}
		if ok {
			return len(p)
		}
	}
	return 0
}

// currencyWords mark a number as an amount of money.
var currencyWords = sync.OnceValue(func() map[string]bool {
	return map[string]bool{"eur": true, "euro": true, "euros": true, "usd": true, "dollar": true,
		"dollars": true, "gbp": true, "pound": true, "pounds": true, "sek": true, "kr": true, "kronor": true,
		"chf": true, "franc": true, "francs": true, "nok": true, "dkk": true, "euroa": true, "euron": true, "euroja": true,
		"dollaria": true, "dolares": true, "dollari": true, "reais": true, "real": false, "kruunua": true, "puntaa": true,
		"sterling": true}
})

// amounts returns the amounts of money in d: numbers next to a currency sign
// or word ("$350", "350 dollars", "120 €", "EUR 99,90").
func amounts(d *text.Doc) []float64 {
	var out []float64
	for i, t := range d.Tokens {
		if !t.Num {
			continue
		}
		money := false
		for _, k := range []int{i - 1, i + 1} {
			if k >= 0 && k < len(d.Tokens) && (d.Tokens[k].Sign || currencyWords()[d.Word(k)]) {
				money = true
			}
		}
		if !money {
			continue
		}
		if v, ok := parseNumber(d.Word(i)); ok {
			out = append(out, v)
		}
	}
	return out
}

// parseNumber reads "1200", "1.200", "1,200.50", "1.200,50" and "99,90".
func parseNumber(s string) (float64, bool) {
	dot, comma := strings.LastIndexByte(s, '.'), strings.LastIndexByte(s, ',')
	switch {
	case dot >= 0 && comma >= 0:
		if dot > comma { // 1,200.50
			s = strings.ReplaceAll(s, ",", "")
		} else { // 1.200,50
			s = strings.ReplaceAll(s, ".", "")
			s = strings.Replace(s, ",", ".", 1)
		}
	case comma >= 0:
		if len(s)-comma-1 == 3 { // 1,200
			s = strings.ReplaceAll(s, ",", "")
		} else { // 99,90
			s = strings.Replace(s, ",", ".", 1)
		}
	case dot >= 0 && len(s)-dot-1 == 3 && strings.Count(s, ".") >= 1 && dot > 0:
		s = strings.ReplaceAll(s, ".", "") // 1.200
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// holds reports whether one of the amounts meets the condition.
func (c *amountCond) holds(vs []float64) bool {
	for _, v := range vs {
		if (!c.minSet || v > c.min) && (!c.maxSet || v < c.max) {
			return true
		}
	}
	return false
}
