package mockfile

// mockfile.schema.json is the JSON Schema of mock files, generated from Document and the
// types it uses. A test fails when it is stale.
//go:generate go run ./internal/schemagen -o mockfile.schema.json
