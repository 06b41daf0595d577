// A Plex Media Server client (external-apis.md §2.4): JSON via `Accept: application/json`, the token
// in the X-Plex-Token header, and a 401 (an HTML page on real servers) reported by status alone.
import { TaskError } from "@yggdrasil/agent-core";
import { fetchJson, isObject, type HttpContext } from "../http/fetch-json.js";

/** Plex's client identity headers; the community spec marks the identifier as required. */
const CLIENT_HEADERS = { "X-Plex-Client-Identifier": "yggdrasil-huginn-executor", "X-Plex-Product": "Yggdrasil Huginn" };

/** GET a path and return its MediaContainer. */
export async function plexGet(ctx: HttpContext, baseUrl: string, path: string, token: string | undefined, tokenEnv: string | undefined): Promise<Record<string, any>> {
  const headers: Record<string, string> = { ...CLIENT_HEADERS };
  if (token) headers["X-Plex-Token"] = token;
  const reply = await fetchJson(ctx, "plex", `${baseUrl}${path}`, { headers });
  if (reply.status === 401) {
    const why = tokenEnv ? `the token in ${tokenEnv} is wrong or lacks access` : "it needs a token: name the variable holding it in token_env";
    throw new TaskError("plex_unauthorized", `Plex answered 401 Unauthorized to ${path}: ${why}`);
  }
  if (reply.status !== 200) throw new TaskError("plex_error", `Plex answered ${reply.status} to ${path}`, { retryable: reply.status >= 500 });
  if (!isObject(reply.json) || !isObject(reply.json.MediaContainer)) {
    throw new TaskError("plex_error", `Plex's answer to ${path} is not JSON with a MediaContainer (is ${baseUrl} a Plex server?)`);
  }
  return reply.json.MediaContainer;
}

/** One stream of /status/sessions, as monitor-plex reports it. */
export interface PlexStream extends Record<string, unknown> {
  user: string | null;
  title: string;
  type: string | null;
  state: string | null;
  player: string | null;
  transcoding: boolean;
}

/** The streams of a /status/sessions MediaContainer; `Metadata` is absent when nobody watches. */
export function plexStreams(container: Record<string, any>): PlexStream[] {
  const items: unknown[] = Array.isArray(container.Metadata) ? container.Metadata : [];
  return items.filter(isObject).map((m) => {
    const t = m.TranscodeSession;
    const title = [m.grandparentTitle, m.title].filter((x) => typeof x === "string" && x).join(" — ");
    return {
      user: typeof m.User?.title === "string" ? m.User.title : null,
      title,
      type: typeof m.type === "string" ? m.type : null,
      state: typeof m.Player?.state === "string" ? m.Player.state : null,
      player: typeof m.Player?.title === "string" ? m.Player.title : null,
      transcoding: isObject(t) && (t.videoDecision === "transcode" || t.audioDecision === "transcode"),
    };
  });
}
