package privacy

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

// passwordRE matches a password being given, in English, Finnish, German
// and French, and says which of its groups is the value: one run of
// non-space characters, optionally in quotes. It is compiled at its first
// use, not at every start.
var passwordRE = sync.OnceValues(func() (*regexp.Regexp, int) {
	re := regexp.MustCompile(passwordPattern)
	return re, re.SubexpIndex("value")
})

const passwordPattern = `(?i)(?:` +
	// English: "my password is X", "password: X", "the PIN was X".
	`\b(?:pass ?word|passcode|pass phrase|passphrase|pwd|pin(?: code)?)\s*(?:(?:is|was|would be)\b|=|:)` +
	// Finnish: "salasana on X", "salasanani oli X", "PIN-koodi on X".
	`|\b(?:salasana(?:ni|mme)?|tunnussana(?:ni)?|pin-?koodi(?:ni)?|pin)\s*(?:(?:on|oli)\b|=|:)` +
	// German: "mein Passwort ist X", "Kennwort lautet X", "PIN: X".
	`|\b(?:passwort|kennwort|pin(?:-?code)?)\s*(?:(?:ist|lautet|war)\b|=|:)` +
	// French: "mon mot de passe est X", "mot de passe : X", "code PIN c'est X".
	`|\b(?:mot de passe|mdp|code pin|pin)\s*(?:(?:est|c'est|c’est)\b|était|=|:)` +
	`)\s*[:=]?\s*(?P<value>"[^"\s]+"|'[^'\s]+'|\S+)`

// passwordStems are in every phrase passwordRE matches: a text with none
// of them is not searched (the regular expression is the slowest kind).
var passwordStems = []string{"pass", "pwd", "pin", "salasan", "tunnussan", "kennwort", "mdp"}

func findPasswords(s string) []span {
	lower := strings.ToLower(s)
	if !slices.ContainsFunc(passwordStems, func(stem string) bool { return strings.Contains(lower, stem) }) {
		return nil
	}
	var out []span
	re, passwordValue := passwordRE()
	for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[2*passwordValue], m[2*passwordValue+1]
		if notAValue[strings.ToLower(strings.Trim(s[start:end], ".,;:!?()\"'…"))] {
			continue
		}
		out = append(out, span{start, end})
	}
	return out
}

// notAValue are the words that follow "password is" when the user talks
// about a password without giving it: "my password is not accepted",
// "salasana on väärä", "das Passwort ist abgelaufen", "le mot de passe est
// incorrect".
var notAValue = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`
		not no wrong incorrect invalid expired too being still correct right reset blocked locked the a an my
		your this that now already missing required case-sensitive forgotten lost unknown same different
		ei väärä virheellinen vanhentunut oikea liian nyt lukittu unohtunut hukassa sama eri jo kadonnut
		nicht falsch abgelaufen ungültig zu korrekt richtig gesperrt kein keine der die das mein jetzt schon vergessen
		pas faux fausse incorrect expiré invalide trop bloqué le la les mon correct bon mauvais oublié perdu déjà
		`) {
		notAValue[w] = true
	}
}
