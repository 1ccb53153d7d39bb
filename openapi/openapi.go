// Package openapi embeds the contract, openapi/cloudflow.yaml: the OpenAPI 3.0.3 description of
// CloudFlow's ListExecutions and its error catalogue. Everything else is derived from it.
package openapi

import _ "embed"

// YAML is the contract as written.
//
//go:embed cloudflow.yaml
var YAML []byte
