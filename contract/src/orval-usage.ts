// Compile-time contract check for the orval fetch client (generated/orval/client.ts). Nothing here
// runs; `npm run client` regenerates the client and type-checks this file with `tsc --strict`.
// Each function uses one operation the way a frontend team would: typed success and error bodies,
// the multipart upload, the audio download as a Blob.
import {
  listEquipment,
  listRinks,
  login,
  streamTrack,
  uploadTrack,
  type Error as ApiError,
  type TrackMetadata,
  type UploadedTrack,
} from "../generated/orval/client";

function describe(e: ApiError): string {
  const fields = (e.details ?? []).map((d) => `${d.field}: ${d.message}`);
  return [e.error ?? e.message ?? e.code, ...fields].join("; ");
}

/** POST /api/v4/auth/login: 200 carries `message`; 400/401/429 carry an Error. */
export async function logIn(aLogin: string, password: string): Promise<string> {
  const res = await login({ aLogin, aPasswordHash: password }, { credentials: "include" });
  if (res.status === 200) return res.data.message;
  throw new Error(`${res.status}: ${describe(res.data)}`);
}

/** GET /api/v4/public/rinks: a list, or an Error (400/404). */
export async function rinkNames(state: string): Promise<string[]> {
  const res = await listRinks({ state });
  if (res.status !== 200) throw new Error(describe(res.data));
  const rinks = Array.isArray(res.data) ? res.data : [res.data];
  return rinks.map((r) => r.rink_name ?? "(unnamed)");
}

/** POST /api/v4/music/tracks (multipart: the audio part and the metadata JSON part). */
export async function upload(file: Blob, title: string): Promise<UploadedTrack> {
  const metadata: TrackMetadata = { title, is_performance_cut: false, clearance_status: "not_required" };
  const res = await uploadTrack({ audio: file, metadata }, { credentials: "include" });
  if (res.status === 201) return res.data;
  throw new Error(`${res.status}: ${describe(res.data)}`);
}

/** GET /api/v4/music/tracks/{track_id}/audio as a Blob. */
export async function download(trackId: string): Promise<Blob> {
  const res = await streamTrack(trackId, { credentials: "include" });
  if (res.status === 200 || res.status === 206) return res.data;
  throw new Error(`audio ${res.status}`);
}

/** Equipment `hours` is minutes, as the frontend's fmtHours expects. */
export async function configMinutes(): Promise<number[]> {
  const res = await listEquipment({ credentials: "include" });
  if (res.status !== 200) throw new Error(describe(res.data));
  return res.data.configs.map((c) => c.hours);
}

export async function contractIsEnforced(): Promise<void> {
  // @ts-expect-error aLogin is a string
  await login({ aLogin: 42, aPasswordHash: "x" });
  // @ts-expect-error the upload needs its audio part
  await uploadTrack({ metadata: { title: "x" } });
}
