// Package apispec embeds api/openapi.yaml, the contract the server is
// generated from and validated against.
package apispec

import _ "embed"

// YAML is the OpenAPI document exactly as written.
//
//go:embed openapi.yaml
var YAML []byte
