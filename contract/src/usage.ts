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

/** POST /api/v4/auth/login: 200 `message`, or a typed Error body (401 `Invalid credentials`, 429). */
export async function logIn(aLogin: string, password: string): Promise<string> {
  const { data, error, response } = await client.POST("/api/v4/auth/login", {
    body: { aLogin, aPasswordHash: password },
  });
  if (error) {
    const code: Schemas["Error"]["code"] = error.code;
    if (response.status === 429) throw new Error(`rate limited (${code}), retry after ${response.headers.get("Retry-After")}s`);
    throw new Error(error.message ?? error.error ?? code);
  }
  return data.message;
}

/** POST /api/v4/music/tracks: the audio file part plus the metadata part as JSON text. */
export async function uploadTrack(file: Blob, title: string): Promise<Schemas["UploadedTrack"]> {
  const metadata: Schemas["TrackMetadata"] = { title, is_performance_cut: false, clearance_status: "not_required" };
  const { data, error } = await client.POST("/api/v4/music/tracks", {
    body: { audio: file, metadata },
    bodySerializer(body) {
      const form = new FormData();
      form.append("audio", body.audio);
      form.append("metadata", new Blob([JSON.stringify(body.metadata)], { type: "application/json" }));
      return form;
    },
  });
  if (error) {
    // 400 lists the offending metadata fields in `details`.
    const fields = (error.details ?? []).map((d) => `${d.field}: ${d.message}`);
    throw new Error([error.error ?? error.message, ...fields].join("; "));
  }
  return data;
}

/** GET /api/v4/music/tracks/{track_id}/audio as a Blob (a range gives 206). */
export async function downloadTrack(trackId: string): Promise<Blob> {
  const { data, error } = await client.GET("/api/v4/music/tracks/{track_id}/audio", {
    params: { path: { track_id: trackId } },
    parseAs: "blob",
  });
  if (error) throw new Error(error.error ?? error.message ?? error.code);
  return data;
}

/** Equipment `hours` carries minutes (the original's unit), `on_ice_hours` hours. */
export async function bootMinutes(): Promise<number[]> {
  const { data } = await client.GET("/api/v4/members/equipment");
  return (data?.boots ?? []).map((b) => {
    const minutes: number = b.hours;
    return minutes === b.minutes ? minutes : Math.round(b.on_ice_hours * 60);
  });
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

  // @ts-expect-error the upload needs its audio part
  await client.POST("/api/v4/music/tracks", { body: { metadata: { title: "x" } } });
}
