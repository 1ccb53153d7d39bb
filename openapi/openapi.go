// Package openapi embeds the contract, openapi/cloudflow.yaml: the OpenAPI 3.0.3 description of
// every action of CloudFlow (fnf 2019-03-15), its parameters, results and error catalogue.
// Everything else is derived from it. Package contract is the one reader of JSON.
package openapi

import _ "embed"

//go:generate go run ./internal/tojson cloudflow.yaml cloudflow.json

// JSON is the contract as compact JSON, generated from cloudflow.yaml (the source of truth)
// by `make generate`.
//
//go:embed cloudflow.json
var JSON []byte
