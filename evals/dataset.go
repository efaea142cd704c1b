package evals

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// BadLines says what loading does with a line that is not a valid row.
type BadLines string

// The policies for bad lines.
const (
	// BadLinesStop stops at the first bad line (the default).
	BadLinesStop BadLines = "stop"
	// BadLinesSkip skips bad lines, reports each on stderr and counts them.
	BadLinesSkip BadLines = "skip"
)

// LineError is a bad line of a dataset file.
type LineError struct {
	File string
	Line int
	Err  error
}

// Error says where the bad line is and what is wrong with it.
func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err) }

// Unwrap returns what is wrong with the line.
func (e *LineError) Unwrap() error { return e.Err }

// Dataset is a named set of rows read from one or more JSONL files.
type Dataset struct {
	// Name identifies the dataset in reports.
	Name string
	// Files are the JSONL files the rows were read from.
	Files []string
	// Rows in file order.
	Rows []Row
	// Skipped are the bad lines left out under BadLinesSkip.
	Skipped []*LineError
}

// LoadDataset reads the JSONL files into one dataset named name. Blank lines
// are ignored; ids must be unique across the files. Under BadLinesStop the
// first bad line is returned as a *LineError; under BadLinesSkip bad lines are
// collected in Skipped.
func LoadDataset(name string, files []string, policy BadLines) (*Dataset, error) {
	ds := &Dataset{Name: name, Files: files}
	seen := map[string]string{}
	for _, f := range files {
		if err := ds.readFile(f, policy, seen); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

func (ds *Dataset) readFile(path string, policy BadLines, seen map[string]string) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("opening dataset: %w", err)
	}
	defer fh.Close()
	rd := bufio.NewReader(fh)
	for n := 1; ; n++ {
		line, rerr := rd.ReadBytes('\n')
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fmt.Errorf("reading %s: %w", path, rerr)
		}
		if len(bytes.TrimSpace(line)) > 0 {
			row, err := ParseRow(line)
			if err == nil {
				if at, dup := seen[row.ID]; dup {
					err = fmt.Errorf("duplicate id %q (first at %s)", row.ID, at)
				}
			}
			if err != nil {
				le := &LineError{File: path, Line: n, Err: err}
				if policy != BadLinesSkip {
					return le
				}
				ds.Skipped = append(ds.Skipped, le)
			} else {
				row.File, row.Line = path, n
				seen[row.ID] = fmt.Sprintf("%s:%d", path, n)
				ds.Rows = append(ds.Rows, row)
			}
		}
		if errors.Is(rerr, io.EOF) {
			return nil
		}
	}
}

// DatasetName is the name a dataset file gets by default: its base name
// without the .jsonl extension.
func DatasetName(path string) string {
	return strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
}

// expandGlob returns the files matching pattern, sorted; a pattern without
// glob characters must name an existing file.
func expandGlob(pattern string) ([]string, error) {
	if !strings.ContainsAny(pattern, "*?[") {
		if _, err := os.Stat(pattern); err != nil {
			return nil, fmt.Errorf("dataset %s: %w", pattern, err)
		}
		return []string{pattern}, nil
	}
	files, err := filepath.Glob(pattern)
	if err != nil {
		return nil, fmt.Errorf("dataset pattern %q: %w", pattern, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("dataset pattern %q matches no file", pattern)
	}
	return files, nil
}
