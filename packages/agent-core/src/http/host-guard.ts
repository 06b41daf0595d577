// Refuses browser-driven requests: any Origin header, or a Host that is not one of ours
// (DNS rebinding), answers 403 before anything else happens.
import { hostname, networkInterfaces } from "node:os";
import type { RequestHandler } from "express";
import { HttpError } from "../errors.js";

/** The names and addresses this host answers to, plus configured extras (e.g. a tailnet name). */
export function ownHostNames(extra: readonly string[] = []): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "::1", hostname().toLowerCase()]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) names.add(a.address.toLowerCase().replace(/%.*$/, ""));
  }
  for (const e of extra) names.add(e.toLowerCase());
  return names;
}

/** The host part of a Host header value, without port or IPv6 brackets. */
export function hostOf(header: string): string {
  const h = header.trim().toLowerCase();
  if (h.startsWith("[")) return h.slice(1, h.indexOf("]") > 0 ? h.indexOf("]") : undefined);
  const colon = h.lastIndexOf(":");
  return colon > 0 && h.indexOf(":") === colon ? h.slice(0, colon) : h;
}

export function guardOriginAndHost(allowed: ReadonlySet<string>): RequestHandler {
  return (req, _res, next) => {
    if (req.headers.origin !== undefined) {
      return next(new HttpError(403, "forbidden_origin", "requests from web pages (with an Origin header) are refused"));
    }
    const host = req.headers.host;
    if (host !== undefined && !allowed.has(hostOf(host))) {
      return next(new HttpError(403, "forbidden_origin", `Host "${hostOf(host)}" is not a name of this executor; add it with --allowed-host`));
    }
    next();
  };
}
