// Package corpus holds flow definitions that nobody on this project wrote, in both
// dialects: the official sample repositories (the awesome-fnf organisation) and the
// examples of the CloudFlow documentation pages, each named with its source in
// testdata/README.md. Its test creates every one on a flowmock server on loopback
// (package mocktest) and runs it to its documented end, with task results mocked
// (testdata/mocks.yaml) where the flow needs a particular answer.
package corpus
