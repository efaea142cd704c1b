// Package evals scores how accurately a handoff.Classifier fires the
// configured triggers on labelled conversations, the way bot builders and CI
// need it.
//
// A dataset is a JSONL file of labelled rows (see Row). A suite is a YAML
// file that names datasets, the triggers file to judge them against, and
// thresholds that gate the run (see Suite). The runner classifies every row
// with a bounded worker pool, keeps the results in input order, and scores
// them at the handoff level and per trigger (one-vs-rest), per dataset and
// per language, next to baselines (always hand off, never hand off, a naive
// keyword list, and transcript length alone) so that every figure can be
// judged. Main is the whole `handoff-mcp eval` command; cmd/handoff-mcp only
// passes it a Factory that builds classifiers.
package evals
