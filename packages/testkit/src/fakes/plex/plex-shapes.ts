// Plex response bodies as external-apis.md §2.4 shows them, and the JSON → XML rendering Plex uses
// when the client does not ask for JSON (attributes for scalars, child elements for objects/arrays).

/** One item of /status/sessions' Metadata: the shape of external-apis.md, LAN address replaced. */
export const SAMPLE_SESSION: Record<string, unknown> = {
  sessionKey: "42", type: "episode", title: "The Long Night",
  grandparentTitle: "Some Show", parentTitle: "Season 2",
  librarySectionTitle: "TV Shows", duration: 2640000, viewOffset: 1210000,
  User: { id: "1", title: "alice", thumb: "https://plex.tv/users/0/avatar" },
  Player: { title: "Living Room TV", product: "Plex for Android (TV)", platform: "Android", state: "playing", address: "192.0.2.50", local: true, machineIdentifier: "c0ffee00" },
  Session: { id: "x9k2", bandwidth: 9800, location: "lan" },
  TranscodeSession: { key: "/transcode/sessions/abc", videoDecision: "transcode", audioDecision: "copy", progress: 61.2, speed: 3.4, throttled: true, container: "mpegts", transcodeHwRequested: true },
  Media: [{ videoResolution: "1080", bitrate: 9600, container: "mkv" }],
};

/** A movie played directly (no TranscodeSession), paused. */
export const SAMPLE_DIRECT_PLAY: Record<string, unknown> = {
  sessionKey: "43", type: "movie", title: "Big Buck Bunny", librarySectionTitle: "Movies", duration: 596000, viewOffset: 10000,
  User: { id: "2", title: "bob" },
  Player: { title: "Office PC", product: "Plex Web", platform: "Chrome", state: "paused", local: true, machineIdentifier: "beef0001" },
  Session: { id: "y1", bandwidth: 4000, location: "lan" },
  Media: [{ videoResolution: "720", bitrate: 3000, container: "mp4" }],
};

/** The 401 page real servers send (text/html, not the JSON of the community spec). */
export const UNAUTHORIZED_HTML = "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";

// XML element names of session items: everything is `Metadata` in JSON.
function itemElement(item: Record<string, unknown>): string {
  if (item.type === "track") return "Track";
  if (item.type === "photo") return "Photo";
  return "Video";
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const attr = (v: unknown) => (typeof v === "boolean" ? (v ? "1" : "0") : escape(String(v)));

function element(name: string, value: Record<string, unknown>): string {
  const attrs: string[] = [];
  const children: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (Array.isArray(v)) for (const c of v) children.push(element(k === "Metadata" ? itemElement(c as Record<string, unknown>) : k, c as Record<string, unknown>));
    else if (typeof v === "object" && v !== null) children.push(element(k, v as Record<string, unknown>));
    else if (v !== undefined && v !== null) attrs.push(` ${k}="${attr(v)}"`);
  }
  return children.length ? `<${name}${attrs.join("")}>\n${children.join("\n")}\n</${name}>` : `<${name}${attrs.join("")} />`;
}

/** `{"MediaContainer": {...}}` as the XML document Plex sends by default. */
export function toPlexXml(body: { MediaContainer: Record<string, unknown> }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element("MediaContainer", body.MediaContainer)}\n`;
}
