package scenarios

// scenario.schema.json is the JSON Schema of scenario files, generated from the types of this
// package and the registered fault kinds. A test fails when it is stale.
//go:generate go run ./internal/schemagen -o scenario.schema.json
