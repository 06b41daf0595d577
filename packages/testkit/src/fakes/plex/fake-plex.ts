// A fake Plex Media Server on 127.0.0.1:0, as external-apis.md §2.4 describes it: XML unless the
// client sends `Accept: application/json`, X-Plex-Token by header or query, HTML 401 pages, and
// /status/sessions without `Metadata` when nobody watches.
import { sendJson, sendText, startLoopbackServer, type LoopbackServer, type RecordedRequest } from "../loopback-server.js";
import { recordedJson } from "../recorded.js";
import { toPlexXml, UNAUTHORIZED_HTML } from "./plex-shapes.js";

export interface FakePlexOptions {
  /** The admin token; undefined = the server lets every request in (a "no auth on LAN" setup). */
  token?: string;
  /** Items of /status/sessions (JSON shape). @default [] */
  sessions?: Record<string, unknown>[];
  /** @default "Media Shelf" */
  friendlyName?: string;
}

export interface FakePlex extends LoopbackServer {
  /** Replaces what is playing now. */
  setSessions(sessions: Record<string, unknown>[]): void;
}

type Container = { MediaContainer: Record<string, unknown> };

/** Starts the fake Plex. */
export async function startFakePlex(options: FakePlexOptions = {}): Promise<FakePlex> {
  const identity = recordedJson<Container>("plex", "identity.json");
  const { machineIdentifier, version } = identity.MediaContainer;
  let sessions = options.sessions ?? [];
  const tokenOf = (req: RecordedRequest) => {
    const h = req.headers["x-plex-token"];
    return (typeof h === "string" ? h : undefined) ?? req.query.get("X-Plex-Token") ?? undefined;
  };
  const routes: Record<string, { auth: boolean; body: () => Container }> = {
    "/identity": { auth: false, body: () => identity },
    "/": {
      auth: true,
      body: () => ({ MediaContainer: { size: 0, friendlyName: options.friendlyName ?? "Media Shelf", machineIdentifier, version, platform: "Linux", myPlex: true, transcoderActiveVideoSessions: 0 } }),
    },
    "/status/sessions": {
      auth: true,
      // Nobody watching: `Metadata` is absent, not an empty array.
      body: () => ({ MediaContainer: sessions.length ? { size: sessions.length, Metadata: sessions } : { size: 0 } }),
    },
    "/library/sections": {
      auth: true,
      body: () => ({ MediaContainer: { size: 1, allowSync: false, title1: "Plex Library", Directory: [{ key: "1", type: "movie", title: "Movies", agent: "tv.plex.agents.movie", scanner: "Plex Movie", language: "en-US", uuid: "0f1e2d3c", refreshing: false, updatedAt: 1748700000, scannedAt: 1748700000, Location: [{ id: 1, path: "/data/movies" }] }] } }),
    },
  };
  const server = await startLoopbackServer((req, res) => {
    const route = req.method === "GET" ? routes[req.path] : undefined;
    if (!route) return sendText(res, 404, "text/html", "<html><head><title>Not Found</title></head><body><h1>404 Not Found</h1></body></html>");
    if (route.auth && options.token !== undefined && tokenOf(req) !== options.token) return sendText(res, 401, "text/html", UNAUTHORIZED_HTML);
    const body = route.body();
    if (/application\/json/.test(String(req.headers.accept ?? ""))) return sendJson(res, 200, body);
    sendText(res, 200, "text/xml;charset=utf-8", toPlexXml(body));
  });
  return { ...server, setSessions: (s) => void (sessions = s) };
}
