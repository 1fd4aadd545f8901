// @hey-api/openapi-ts: types + SDK + its fetch client generated from api/openapi.yaml into
// generated/hey-api/; src/hey-api-usage.ts uses it and `tsc --strict` compiles both.
export default {
  input: "../api/openapi.yaml",
  output: { path: "generated/hey-api" },
  plugins: ["@hey-api/client-fetch", "@hey-api/typescript", "@hey-api/sdk"],
  logs: { level: "warn" },
};
