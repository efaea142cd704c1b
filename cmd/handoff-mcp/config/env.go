package config

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// envRef matches ${NAME} and ${NAME:-default}; $${ is a literal "${".
var envRef = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}`)
})

// expandEnv replaces ${NAME} references in every scalar value of the tree
// (never in keys), so that a secret can live in the environment instead of
// the file. Values are substituted after parsing, so they cannot change the
// document's structure. A reference to an unset variable without a default
// is an error naming the variable and its line.
func expandEnv(n *yaml.Node, lookup func(string) (string, bool)) []string {
	var errs []string
	var walk func(n *yaml.Node, isKey bool)
	walk = func(n *yaml.Node, isKey bool) {
		switch n.Kind {
		case yaml.ScalarNode:
			if isKey || !strings.Contains(n.Value, "${") {
				return
			}
			n.Value = envRef().ReplaceAllStringFunc(n.Value, func(ref string) string {
				if ref == "$${" {
					return "${"
				}
				m := envRef().FindStringSubmatch(ref)
				if v, ok := lookup(m[1]); ok && v != "" {
					return v
				}
				if strings.Contains(ref, ":-") {
					return m[2]
				}
				errs = append(errs, fmt.Sprintf("line %d: environment variable %s is not set; export it, or write ${%s:-default}", n.Line, m[1], m[1]))
				return ""
			})
			if n.Tag == "!!str" && n.Style == 0 {
				n.Tag = "" // let the expanded value resolve to its own type (a number, a bool)
			}
		case yaml.MappingNode:
			for i, c := range n.Content {
				walk(c, i%2 == 0)
			}
		default:
			for _, c := range n.Content {
				walk(c, false)
			}
		}
	}
	walk(n, false)
	return errs
}
