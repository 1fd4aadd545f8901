// Compile-time contract check: typed calls against the types generated from api/openapi.yaml.
// Nothing here runs; `npm run client` regenerates generated/schema.d.ts and type-checks this file
// with `tsc --strict`. If the spec changes a path, a parameter or a field used below, tsc fails.
//
// Only endpoints that exist in the spec are used. To cover a new endpoint, add a function below
// (one per endpoint keeps failures easy to read). The three `@ts-expect-error` lines at the end
// prove the check has teeth: if any of them stops being an error, tsc fails ("Unused directive").
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/schema";

type Schemas = components["schemas"];

export const client = createClient<paths>({ baseUrl: "/", credentials: "include" });

/** GET /api/v4/utils/health: 200 and 503 both carry a Health body. */
export async function healthStatus(): Promise<"ok" | "error"> {
  const { data, error } = await client.GET("/api/v4/utils/health");
  if (data) {
    const status: Schemas["Health"]["status"] = data.status;
    switch (status) {
      case "ok":
      case "error":
        return status;
    }
  }
  // A 503 body is a Health report; any other failure is an Error body.
  if (error && "details" in error && typeof error.details === "string") return "error";
  throw new Error("health check failed");
}

/** GET /api/v4/public/rinks?state=..: an array, or a single object when `id` is given. */
export async function rinkNamesInState(state: string): Promise<string[]> {
  const { data, error } = await client.GET("/api/v4/public/rinks", {
    params: { query: { state } },
  });
  if (error) {
    // 400 and 404 bodies are Error; `code` is a closed enum.
    const code: Schemas["Error"]["code"] = error.code;
    if (code === "not_found") return [];
    throw new Error(error.message ?? "rinks lookup failed");
  }
  const rinks: Schemas["Rink"][] = Array.isArray(data) ? data : [data];
  return rinks.map((r) => r.rink_name ?? "(unnamed)");
}

/** GET /api/v4/public/clubs: every club's id and name. */
export async function clubIds(): Promise<string[]> {
  const { data } = await client.GET("/api/v4/public/clubs");
  const clubs: Schemas["Club"][] = data ?? [];
  return clubs.map((c) => c.club_id);
}

/** The contract is enforced at compile time: each line below must be a type error. */
export async function contractIsEnforced(): Promise<void> {
  // @ts-expect-error unknown path: not in the spec
  await client.GET("/api/v4/public/skates");

  // @ts-expect-error wrong query parameter type: `state` is a string
  await client.GET("/api/v4/public/rinks", { params: { query: { state: 42 } } });

  const { data } = await client.GET("/api/v4/public/clubs");
  // @ts-expect-error field that does not exist on Club
  console.log(data?.[0]?.club_city);
}
