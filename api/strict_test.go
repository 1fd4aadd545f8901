package apispec

import (
	"bytes"
	"encoding/json"
	"regexp"
	"testing"

	"go.yaml.in/yaml/v4"
)

// yaml11Only are plain scalars that a YAML 1.1 parser reads differently
// from YAML 1.2 (contract/yaml-strict.mjs checks the same with the npm
// `yaml` package): booleans such as yes/off, sexagesimal numbers such as
// 00:00, 1.1 octal, binary, underscores in numbers.
var yaml11Only = []*regexp.Regexp{
	regexp.MustCompile(`^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$`),
	regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`),
	regexp.MustCompile(`^[-+]?0[0-7_]+$`),
	regexp.MustCompile(`^[-+]?0b[01_]+$`),
	regexp.MustCompile(`^[-+]?[0-9][0-9_]*_[0-9_]*$`),
}

// The contract parses the same with every YAML 1.2 parser: no duplicate
// keys, one document, no plain scalar whose meaning depends on the YAML
// version, and it converts to JSON (no NaN or infinite numbers).
func TestSpecIsStrictYAML12(t *testing.T) {
	var anyDoc any
	dec := yaml.NewDecoder(bytes.NewReader(YAML))
	if err := dec.Decode(&anyDoc); err != nil { // duplicate keys fail here
		t.Fatalf("decode: %v", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(YAML, &doc); err != nil {
		t.Fatal(err)
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && n.Style == 0 {
			for _, re := range yaml11Only {
				if re.MatchString(n.Value) {
					t.Errorf("line %d: plain scalar %q reads differently in YAML 1.1; quote it", n.Line, n.Value)
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(&doc)
	out, err := ToJSON(YAML)
	if err != nil {
		t.Fatalf("to JSON: %v", err)
	}
	if !json.Valid(out) {
		t.Fatal("ToJSON produced invalid JSON")
	}
}

// ToJSON keeps key order, nulls and scalar types as written.
func TestToJSONKeepsOrderNullsAndTypes(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"keys_keep_their_order", "b: 1\na: 2\n", `{"b":1,"a":2}`},
		{"null_examples_stay_null", "example: null\nother: ~\n", `{"example":null,"other":null}`},
		{"quoted_numbers_stay_strings", "v: \"6.0\"\nw: 6.0\n", `{"v":"6.0","w":6}`},
		{"dates_stay_text", "d: 2026-03-01\n", `{"d":"2026-03-01"}`},
		{"flow_collections", "e: { a: [1, x, true] }\n", `{"e":{"a":[1,"x",true]}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ToJSON([]byte(tc.in))
			if err != nil || string(got) != tc.want {
				t.Errorf("ToJSON(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
			}
		})
	}
	if _, err := ToJSON([]byte("n: .nan\n")); err == nil {
		t.Error("NaN converted to JSON")
	}
}
