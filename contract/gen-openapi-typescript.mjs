// openapi-typescript through its Node API, so that `format: binary` (the upload's audio part and
// the audio downloads) becomes `Blob`, as the openapi-typescript docs recommend; the CLI would type
// them as `string`. Writes generated/schema.d.ts for src/usage.ts (openapi-fetch).
import fs from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";

const BLOB = ts.factory.createTypeReferenceNode(ts.factory.createIdentifier("Blob"));
const NULL = ts.factory.createLiteralTypeNode(ts.factory.createNull());

const ast = await openapiTS(new URL("../api/openapi.yaml", import.meta.url), {
  // Its default validation (Redocly `minimal` + unique operationIds) is all type generation needs;
  // style is `npm run lint`.
  silent: true,
  transform(schema) {
    if (schema.format === "binary") return schema.nullable ? ts.factory.createUnionTypeNode([BLOB, NULL]) : BLOB;
    return undefined;
  },
});
fs.mkdirSync(new URL("generated/", import.meta.url), { recursive: true });
fs.writeFileSync(new URL("generated/schema.d.ts", import.meta.url), astToString(ast));
