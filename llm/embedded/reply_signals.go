package embedded

// Signals read from a pair of turns: whether two turns share content,
// whether a reply only echoes the user, and how the user reacts to a reply.

// sharesContent reports whether two turns share a content word, comparing
// the first four letters.
func sharesContent(x, y *turnInfo) bool {
	return sharedStems(x.shape().stems, y.shape().stems) > 0
}

// sharedStems counts the stems two sorted lists have in common.
func sharedStems(xs, ys []uint64) int {
	n, j := 0, 0
	for _, h := range xs {
		for j < len(ys) && ys[j] < h {
			j++
		}
		if j < len(ys) && ys[j] == h {
			n++
		}
	}
	return n
}

// parrots reports whether a short reply only echoes words of the user's
// turn: every content word it has was the user's.
func parrots(q, r *turnInfo) bool {
	rs := r.shape().stems
	return r.shape().words <= 4 && len(rs) > 0 && sharedStems(rs, q.shape().stems) == len(rs)
}

// restates reports whether user turn u asks again what q asked: most of
// u's content words were in q.
func restates(u, q *turnInfo) bool {
	us := u.shape().stems
	if len(us) == 0 {
		return false
	}
	return 2*sharedStems(us, q.shape().stems) >= len(us)+1
}

// contrastive reports whether a short user turn corrects by contrast: a
// clause that opens with a negation of a thing ("the store, not the
// website", "die Filiale, nicht der Onlineshop", "les horaires, pas le
// site", "aukioloajat, ei verkkosivua").
func contrastive(u *turnInfo) bool {
	toks, d := u.doc.Tokens, &u.doc
	if len(toks) > 14 {
		return false
	}
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Clause == toks[i-1].Clause || toks[i].Sent != toks[i-1].Sent || !contrastNegators()[d.Word(i)] {
			continue
		}
		content := false
		for k := i - 1; k >= 0 && toks[k].Sent == toks[i].Sent; k-- {
			if w := d.Word(k); len(w) >= 3 && !functionWords()[w] && !lightVerbs()[w] {
				content = true
			}
		}
		next := d.Word(i + 1)
		switch {
		case !content:
		case determiners()[next]:
			return true
		case d.Word(i) == "no" || d.Word(i) == "non":
			// An interjection as often as a negation: "no, no ready".
		case !functionWords()[next] && !lightVerbs()[next] && len(next) >= 3:
			return true
		}
	}
	return false
}

// confused reports whether a user turn opens with confusion: the first
// sentence, or the whole of a short turn.
func confused(u *turnInfo) bool {
	if len(u.doc.Sentences) == 0 {
		return false
	}
	s := u.doc.Sentences[0]
	for _, m := range u.ms {
		if m.Value != catConfused {
			continue
		}
		// A bare "what"/"was"/"quoi" counts only as the whole sentence.
		if m.End-m.Start == 1 && whWords()[u.doc.Word(m.Start)] {
			if s.End-s.Start == 1 && m.Start == s.Start {
				return true
			}
			continue
		}
		if m.Start < s.End || len(u.doc.Tokens) <= 8 {
			return true
		}
	}
	return false
}

// echoForm reports whether a user turn is a short question that opens with
// a question word. Such a turn echoes the assistant turn before it when it
// repeats a content word of it: "What kid?" after "this kid couldn't
// possibly belong to anyone else" (see reaction).
func echoForm(u *turnInfo) bool {
	return len(u.doc.Tokens) <= 6 && len(u.doc.Sentences) > 0 && u.doc.Sentences[0].Question && whWords()[u.doc.Word(0)]
}

// satisfied reports whether a user turn thanks or says that it worked,
// without a sign of sarcasm or anger.
func satisfied(u *turnInfo) bool {
	if u.found(bit(catExasper) | bit(catInsult) | bit(catHostile) | bit(catCorrection)) {
		return false
	}
	for _, m := range u.ms {
		if m.Value != catSatisfied {
			continue
		}
		from, to := u.clause(m.Start)
		if !u.has(catNeg, from, to) {
			return true // "that worked", not "das klappt nicht"
		}
	}
	return false
}
