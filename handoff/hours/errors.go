package hours

import (
	"fmt"
	"strings"
)

// Problem is one mistake in a Config: where it is and what to fix.
type Problem struct {
	// Path locates the value relative to the service_hours section, such
	// as weekly[2] or schedules.billing.closures[0].until.
	Path string
	// Name is the period's name, when it has one.
	Name string
	// Msg says what is wrong and how to fix it.
	Msg string
}

// Error formats the problem as `weekly[2] ("late shift"): msg`.
func (p Problem) Error() string {
	s := p.Path
	if p.Name != "" {
		s += fmt.Sprintf(" (%q)", p.Name)
	}
	if s == "" {
		return p.Msg
	}
	return s + ": " + p.Msg
}

// ConfigError lists every problem found in a Config.
type ConfigError struct {
	Problems []Problem
}

// Error lists the problems, one a line.
func (e *ConfigError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns the problems, for errors.As.
func (e *ConfigError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// WithPrefix returns a copy of e whose paths start with prefix, as in
// e.WithPrefix("service_hours.").
func (e *ConfigError) WithPrefix(prefix string) *ConfigError {
	out := &ConfigError{Problems: make([]Problem, len(e.Problems))}
	for i, p := range e.Problems {
		p.Path = prefix + p.Path
		out.Problems[i] = p
	}
	return out
}

// problems collects the problems of one validation pass.
type problems struct {
	list []Problem
}

func (ps *problems) add(path, name, format string, args ...any) {
	ps.list = append(ps.list, Problem{Path: path, Name: strings.TrimSpace(name), Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) err() error {
	if len(ps.list) == 0 {
		return nil
	}
	return &ConfigError{Problems: ps.list}
}
