// orval: a fetch client (one function per operation) generated from api/openapi.yaml into
// generated/orval/; src/orval-usage.ts uses it and `tsc --strict` compiles both.
export default {
  skatetrax: {
    // The `meta` tag (probes, this document, Swagger UI) is left out: orval reads every non-JSON
    // body as text, which does not fit /openapi.yaml's object schema; no frontend calls them.
    input: { target: "../api/openapi.yaml", filters: { mode: "exclude", tags: ["meta"] } },
    output: {
      target: "generated/orval/client.ts",
      client: "fetch",
      mode: "single",
      clean: true,
      prettier: false,
    },
  },
};
