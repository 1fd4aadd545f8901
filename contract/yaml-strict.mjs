// Strict YAML 1.2 parse of api/openapi.yaml with the `yaml` package (the Go side,
// api/strict_test.go, parses it with go.yaml.in/yaml/v4): any error or warning fails, duplicate keys
// fail, and so does any plain (unquoted) scalar that a YAML 1.1 parser would read as something other
// than what YAML 1.2 reads (`00:00` as a sexagesimal number, `yes`/`no`/`on`/`off` as booleans,
// `0755` as octal, `1_000` as a number). Quote such values. Prints nothing when the file is clean.
import fs from "node:fs";
import { parseDocument, isScalar, visit } from "yaml";

const file = process.argv[2] ?? new URL("../api/openapi.yaml", import.meta.url);
const text = fs.readFileSync(file, "utf8");
const doc = parseDocument(text, {
  version: "1.2",
  strict: true,
  uniqueKeys: true,
  prettyErrors: true,
});
const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);

const yaml11Only = [
  /^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/, // YAML 1.1 booleans
  /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$/, // sexagesimal numbers such as 00:00
  /^[-+]?0[0-7_]+$/, // 1.1 octal such as 0755
  /^[-+]?0b[01_]+$/, // binary
  /^[-+]?[0-9][0-9_]*_[0-9_]*$/, // underscores in numbers
  /^=$/, // the 1.1 "value" key
];
const lineOf = (offset) => text.slice(0, offset).split("\n").length;
visit(doc, {
  Scalar(_key, node) {
    if (!isScalar(node) || node.type !== "PLAIN" || typeof node.source !== "string") return;
    if (yaml11Only.some((re) => re.test(node.source))) {
      problems.push(`line ${lineOf(node.range?.[0] ?? 0)}: plain scalar ${JSON.stringify(node.source)} reads differently in YAML 1.1; quote it`);
    }
  },
});
if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
