// Package openapi embeds the contract, openapi/cloudflow.yaml: the OpenAPI 3.0.3 description of
// every action of CloudFlow (fnf 2019-03-15), its parameters, results and error catalogue.
// Everything else is derived from it. Package contract is the one reader of JSON.
package openapi

import _ "embed"

//go:generate go run ./internal/tojson cloudflow.yaml cloudflow.json
//go:generate go run ./internal/tojson control.yaml control.json
//go:generate go run ./internal/togo cloudflow.json cloudflow_gen.go CloudflowDoc

// JSON is the contract as compact JSON, generated from cloudflow.yaml (the source of truth)
// by `make generate`.
//
//go:embed cloudflow.json
var JSON []byte

// ControlJSON is the control plane's contract (/_mock/, served by package mock through
// gen/control) as compact JSON, generated from control.yaml by `make generate`.
//
//go:embed control.json
var ControlJSON []byte
