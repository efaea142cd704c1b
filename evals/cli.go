package evals

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/handoff-mcp/handoff-mcp/handoff"
	"github.com/handoff-mcp/handoff-mcp/handoff/clock"
	"github.com/handoff-mcp/handoff-mcp/llm/embedded"
)

// Factory builds a classifier ("embedded", "llm" or "cascade") for a
// trigger set. cmd/handoff-mcp passes one that wraps classify.New with the
// user's classifier configuration.
type Factory func(classifier string, triggers []handoff.Trigger) (handoff.Classifier, error)

// Reader says how the embedded classifier reads a trigger set, for the
// report. cmd/handoff-mcp passes one built from the user's classifier
// configuration; nil leaves the readings out.
type Reader func(triggers []handoff.Trigger) ([]embedded.Reading, error)

// The exit codes of Main.
const (
	// ExitPass: every gate passed and the classifier returned no error.
	ExitPass = 0
	// ExitFail: a gate failed, the classifier returned errors, or the run
	// was interrupted.
	ExitFail = 1
	// ExitUsage: bad flags, a bad suite, triggers or data file.
	ExitUsage = 2
)

// DefaultSuite is the suite run when --suite is not given.
const DefaultSuite = "evals/suite.yaml"

// options are the parsed flags.
type options struct {
	suite, classifier, triggers string
	suiteSet, classifierSet     bool
	data                        []string
	jsonOut, mdOut, mdSection   string
	compare                     []string
	minF1                       *float64
	minF1ByTrigger              map[string]float64
	onlyTriggers                []string
	errors, quiet, noThresholds bool
	noLangHint                  bool
	badLines                    BadLines
	langs                       []string
	limit, workers              int
}

// listFlag collects a flag given several times or as a comma-separated list.
type listFlag struct{ vals *[]string }

func (l listFlag) String() string {
	if l.vals == nil {
		return ""
	}
	return strings.Join(*l.vals, ",")
}

func (l listFlag) Set(s string) error {
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l.vals = append(*l.vals, v)
		}
	}
	return nil
}

// minF1Flag parses --min-f1: "X" gates the overall F1 (a pointer, so that
// "not given" is told apart), "TRIGGER=X" one trigger's F1.
type minF1Flag struct {
	v         **float64
	byTrigger *map[string]float64
}

func (m minF1Flag) String() string {
	if m.v == nil || *m.v == nil {
		return ""
	}
	return strconv.FormatFloat(**m.v, 'f', -1, 64)
}

func (m minF1Flag) Set(s string) error {
	id, num, perTrigger := strings.Cut(s, "=")
	if !perTrigger {
		num = s
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || x < 0 || x > 1 {
		return fmt.Errorf("want a number between 0 and 1, or TRIGGER=number")
	}
	if !perTrigger {
		*m.v = &x
		return nil
	}
	if id = strings.TrimSpace(id); id == "" {
		return fmt.Errorf("want TRIGGER=number, e.g. explicit_request=0.8")
	}
	if *m.byTrigger == nil {
		*m.byTrigger = map[string]float64{}
	}
	(*m.byTrigger)[id] = x
	return nil
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("handoff-mcp eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: handoff-mcp eval [--suite FILE] [--classifier embedded|llm|cascade|none] [--data FILE.jsonl ...] [--triggers FILE]\n"+
			"                        [--json FILE] [--markdown FILE] [--markdown-section FILE] [--compare a,b] [--min-f1 X] [--min-f1 TRIGGER=X]\n"+
			"                        [--only-triggers a,b] [--lang de,fi] [--errors] ...\n\n"+
			"Scores trigger classification on labelled conversations; the report goes to stdout, progress to stderr.\n"+
			"Exit status: 0 pass, 1 a gate failed or the classifier returned errors, 2 bad usage or input.\n\n")
		fs.PrintDefaults()
	}
	var badLines string
	fs.StringVar(&o.suite, "suite", DefaultSuite, "suite `file` (YAML): datasets, triggers and thresholds")
	fs.StringVar(&o.classifier, "classifier", "embedded", "classifier to score: embedded, llm, cascade, or none for the baselines only")
	fs.Var(listFlag{&o.data}, "data", "JSONL `file` or glob to score instead of the suite's datasets (repeatable); each file is a dataset")
	fs.StringVar(&o.triggers, "triggers", "", "triggers `file` (YAML with a top-level triggers: list) overriding the suite's")
	fs.StringVar(&o.jsonOut, "json", "", "write the report as JSON to `file`")
	fs.StringVar(&o.mdOut, "markdown", "", "write the report as Markdown to `file`")
	fs.StringVar(&o.mdSection, "markdown-section", "", "rewrite the section between "+SectionBegin+" and "+SectionEnd+" of Markdown `file` (no latency, so it changes only with the results)")
	fs.Var(listFlag{&o.compare}, "compare", "run several classifiers side by side, e.g. embedded,cascade")
	fs.Var(minF1Flag{&o.minF1, &o.minF1ByTrigger}, "min-f1", "exit 1 when a classifier's overall handoff F1 is below `X`; TRIGGER=X gates one trigger's F1 (repeatable)")
	fs.Var(listFlag{&o.onlyTriggers}, "only-triggers", "configure only these triggers and score the rows that expect one of them, plus the no-handoff rows, e.g. explicit_request,frustration")
	fs.BoolVar(&o.errors, "errors", false, "list the misclassified rows with the classifier's reason")
	fs.StringVar(&badLines, "bad-lines", string(BadLinesStop), "a data line that is not a valid row: stop (exit 2) or skip (report and count it)")
	fs.Var(listFlag{&o.langs}, "lang", "score only rows of these languages, e.g. de,fi (datasets without such rows are skipped)")
	fs.IntVar(&o.limit, "limit", 0, "score at most `N` rows per dataset (0: all)")
	fs.IntVar(&o.workers, "workers", 8, "rows classified at once")
	fs.BoolVar(&o.noLangHint, "no-lang-hint", false, "do not pass the row's language to the classifier")
	fs.BoolVar(&o.noThresholds, "no-thresholds", false, "report only: ignore the suite's thresholds (--min-f1 still gates)")
	fs.BoolVar(&o.quiet, "quiet", false, "no progress on stderr")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q: datasets go after --data", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "suite":
			o.suiteSet = true
		case "classifier":
			o.classifierSet = true
		}
	})
	o.badLines = BadLines(badLines)
	switch {
	case o.badLines != BadLinesStop && o.badLines != BadLinesSkip:
		return nil, fmt.Errorf("--bad-lines: %q is not stop or skip", badLines)
	case o.workers < 1:
		return nil, fmt.Errorf("--workers: must be at least 1")
	case o.limit < 0:
		return nil, fmt.Errorf("--limit: must be 0 or more")
	case len(o.compare) > 0 && o.classifierSet:
		return nil, fmt.Errorf("give --classifier or --compare, not both")
	case len(o.compare) == 1:
		return nil, fmt.Errorf("--compare needs at least two classifiers, e.g. embedded,cascade")
	}
	for i, c := range o.compare {
		if c == ClassifierNone {
			return nil, fmt.Errorf("--compare: %q is not a classifier", c)
		}
		for _, d := range o.compare[:i] {
			if d == c {
				return nil, fmt.Errorf("--compare: %s given twice", c)
			}
		}
	}
	if o.classifier == ClassifierNone && (o.minF1 != nil || len(o.minF1ByTrigger) > 0) {
		return nil, fmt.Errorf("--min-f1 needs a classifier; --classifier none scores the baselines only")
	}
	return o, nil
}

// Main runs `handoff-mcp eval` with args (the flags after "eval"): the
// report goes to stdout, progress and problems to stderr, and the exit code
// (ExitPass, ExitFail or ExitUsage) is returned. reader, when not nil, adds
// to the report how each trigger set is read.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer, factory Factory, reader Reader) int {
	return run(ctx, args, stdout, stderr, factory, reader, clock.Real{})
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, factory Factory, reader Reader, clk clock.Clock) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return ExitPass
	}
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return ExitUsage
	}
	plan, err := o.plan(stderr)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return ExitUsage
	}
	names := o.compare
	if len(names) == 0 {
		names = []string{o.classifier}
	}
	classifiers, err := plan.build(names, factory)
	if err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return ExitUsage
	}
	pr := newProgress(stderr, clk.Now, o.quiet)
	runner := &Runner{Workers: o.workers, Clock: clk, LangHint: !o.noLangHint, Done: pr.done}
	for _, name := range names {
		if name == ClassifierNone {
			continue
		}
		for _, ed := range plan.datasets {
			pr.begin(name+" · "+ed.spec.Name, len(ed.data.Rows))
			outs, err := runner.Run(ctx, classifiers[classifierKey{name, ed.spec.Triggers}], ed.data.Rows)
			if err != nil {
				fmt.Fprintf(stderr, "\neval: interrupted: %v\n", err)
				return ExitFail
			}
			errs := 0
			for _, o := range outs {
				if o.Err != nil {
					errs++
				}
			}
			pr.end(errs)
			ed.outcomes[name] = outs
		}
	}
	rep := plan.report(names, o, args)
	if slices.ContainsFunc(names, func(n string) bool { return n != ClassifierNone }) {
		if rep.Readings, err = plan.readings(reader); err != nil {
			fmt.Fprintf(stderr, "eval: %v\n", err)
			return ExitUsage
		}
	}
	if err := o.write(rep, stdout); err != nil {
		fmt.Fprintf(stderr, "eval: %v\n", err)
		return ExitUsage
	}
	if !rep.Pass {
		return ExitFail
	}
	return ExitPass
}

// write sends the report to stdout and the files the flags name.
func (o *options) write(rep *Report, stdout io.Writer) error {
	if err := WriteText(stdout, rep); err != nil {
		return fmt.Errorf("writing report: %w", err)
	}
	if o.jsonOut != "" {
		var b strings.Builder
		if err := WriteJSON(&b, rep); err != nil {
			return err
		}
		if err := writeFile(o.jsonOut, []byte(b.String())); err != nil {
			return err
		}
	}
	if o.mdOut != "" {
		var b strings.Builder
		if err := WriteMarkdown(&b, rep, 1, false); err != nil {
			return err
		}
		if err := writeFile(o.mdOut, []byte(b.String())); err != nil {
			return err
		}
	}
	if o.mdSection != "" {
		return writeSection(o.mdSection, rep)
	}
	return nil
}

// commandLine renders args as the command a person would type.
func commandLine(args []string) string {
	parts := []string{"handoff-mcp", "eval"}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"*?$") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
