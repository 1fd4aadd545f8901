// Package sqlfiles embeds the goose migrations so the binary can migrate a
// database by itself. sqlc reads the same files to learn the schema.
package sqlfiles

import "embed"

// Migrations holds sql/migrations/*.sql.
//
//go:embed migrations/*.sql
var Migrations embed.FS
