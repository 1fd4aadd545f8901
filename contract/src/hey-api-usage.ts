// Compile-time contract check for the @hey-api/openapi-ts SDK (generated/hey-api/). Nothing here
// runs; `npm run client` regenerates it and type-checks this file with `tsc --strict`.
import { client } from "../generated/hey-api/client.gen";
import { listEquipment, listRinks, login, streamTrack, uploadTrack } from "../generated/hey-api/sdk.gen";
import type { Error as ApiError, TrackMetadata, UploadedTrack } from "../generated/hey-api/types.gen";

client.setConfig({ baseUrl: "http://localhost:5000", credentials: "include" });

function describe(e: ApiError): string {
  const fields = (e.details ?? []).map((d) => `${d.field}: ${d.message}`);
  return [e.error ?? e.message ?? e.code, ...fields].join("; ");
}

/** POST /api/v4/auth/login: typed `data` on 200, typed Error on 4xx. */
export async function logIn(aLogin: string, password: string): Promise<string> {
  const { data, error, response } = await login({ body: { aLogin, aPasswordHash: password } });
  if (error) throw new Error(`${response?.status ?? "no answer"}: ${describe(error)}`);
  return data.message;
}

/** GET /api/v4/public/rinks with a state filter. */
export async function rinkNames(state: string): Promise<string[]> {
  const { data, error } = await listRinks({ query: { state } });
  if (error) throw new Error(describe(error));
  const rinks = Array.isArray(data) ? data : [data];
  return rinks.map((r) => r.rink_name ?? "(unnamed)");
}

/** POST /api/v4/music/tracks (multipart; the SDK serialises `metadata` as JSON text). */
export async function upload(file: Blob, title: string): Promise<UploadedTrack> {
  const metadata: TrackMetadata = { title, is_performance_cut: false, clearance_status: "not_required" };
  const { data, error } = await uploadTrack({ body: { audio: file, metadata } });
  if (error) throw new Error(describe(error));
  return data;
}

/** GET /api/v4/music/tracks/{track_id}/audio as a Blob. */
export async function download(trackId: string): Promise<Blob> {
  const { data, error } = await streamTrack({ path: { track_id: trackId }, parseAs: "blob" });
  if (error) throw new Error(describe(error));
  return data;
}

/** Equipment `hours` is minutes; `on_ice_hours` the same time in hours. */
export async function bladeHours(): Promise<number[]> {
  const { data, error } = await listEquipment();
  if (error) throw new Error(describe(error));
  return data.blades.map((b) => b.on_ice_hours);
}

export async function contractIsEnforced(): Promise<void> {
  // @ts-expect-error track_id is required
  await streamTrack({ path: {} });
  // @ts-expect-error aLogin is a string
  await login({ body: { aLogin: 42, aPasswordHash: "x" } });
}
