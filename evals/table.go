package evals

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// table is a report table that renders as aligned text or as Markdown.
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// text writes the table aligned with two spaces between columns, without
// trailing blanks where the last cells are empty.
func (t *table) text(w io.Writer, indent string) {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, r := range append([][]string{t.head}, t.rows...) {
		fmt.Fprintln(tw, indent+strings.Join(r, "\t"))
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(b.String(), "\n") {
		if trimmed := strings.TrimRight(line, " \n"); line != "" {
			fmt.Fprintln(w, trimmed)
		}
	}
}

// markdown writes the table as a GitHub-flavoured Markdown table; columns
// after the first are right-aligned.
func (t *table) markdown(w io.Writer) {
	esc := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	cells := make([]string, len(t.head))
	for i, h := range t.head {
		cells[i] = esc(h)
	}
	fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	for i := range t.head {
		cells[i] = "---:"
		if i == 0 {
			cells[i] = "---"
		}
	}
	fmt.Fprintf(w, "|%s|\n", strings.Join(cells, "|"))
	for _, r := range t.rows {
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = esc(c)
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(out, " | "))
	}
}

func f3(x float64) string { return fmt.Sprintf("%.3f", x) }

func pct(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }

func ms(x float64) string { return fmt.Sprintf("%.2f ms", x) }

func ci(c *[2]float64) string {
	if c == nil {
		return ""
	}
	return fmt.Sprintf("%.3f–%.3f", c[0], c[1])
}
