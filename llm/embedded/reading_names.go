package embedded

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// slotNames names the slots of an alternative for people.
func (a *alternative) slotNames() []string {
	out := make([]string, 0, len(a.slots))
	for _, s := range a.slots {
		out = append(out, slotName(s))
	}
	return out
}

// slotName names one slot: "concept:NAME", "word:STEM" or "request".
func slotName(s slot) string {
	var b strings.Builder
	writeSlotName(&b, s)
	return b.String()
}

// writeSlotName writes slotName(s) to b.
func writeSlotName(b *strings.Builder, s slot) {
	b.Write(appendSlotName(nil, s))
}

// appendSlotName is writeSlotName appending to b.
func appendSlotName(b []byte, s slot) []byte {
	switch {
	case s.concept == conceptRequest:
		return append(b, "request"...)
	case s.concept != 0:
		return append(append(b, "concept:"...), conceptName(s.concept)...)
	}
	return append(append(b, "word:"...), s.stem...)
}

// conceptName names a concept of the concept lexicon.
func conceptName(c int) string {
	if n, ok := conceptNames()[c]; ok {
		return n
	}
	return fmt.Sprintf("concept%d", c-conceptBase)
}

// String writes the condition as "> 100", "< 20" or "> 10 and < 50".
func (c *amountCond) String() string {
	var parts []string
	if c.minSet {
		parts = append(parts, "> "+strconv.FormatFloat(c.min, 'f', -1, 64))
	}
	if c.maxSet {
		parts = append(parts, "< "+strconv.FormatFloat(c.max, 'f', -1, 64))
	}
	return strings.Join(parts, " and ")
}

// conceptNames name the concepts of the concept lexicon.
var conceptNames = sync.OnceValue(func() map[int]string {
	return map[int]string{cRefund: "refund", cCharge: "charge", cDispute: "dispute", cUnrecognised: "unrecognised",
		cComplaint: "complaint", cService: "service", cAccount: "account", cCancel: "cancel", cOrder: "order",
		cDelivery: "delivery", cPassword: "password", cMoney: "money", cDamaged: "damaged", cLate: "late"}
})
