// What a clone source or push target may look like, and whether the policy lets a push go there.
import { fileURLToPath } from "node:url";
import { InvalidParamsError } from "@yggdrasil/agent-core";

/** A parsed git URL or path. */
export type GitLocation =
  | { kind: "url"; scheme: "https" | "http" | "ssh"; url: string; parsed: URL }
  | { kind: "scp"; url: string; user: string | undefined; host: string; path: string }
  | { kind: "local"; path: string };

const ACCEPTED = "https://…, http://…, ssh://…, user@host:path, or a local path";
const USER = /^[A-Za-z0-9._~+][A-Za-z0-9._~+-]*$/;
const HOST = /^(?:[A-Za-z0-9][A-Za-z0-9.-]*|\[[0-9A-Fa-f:.]+\])$/;

/** Parses a url/remote param; refuses `transport::address` (ext::, fd::), other schemes and option-looking parts. */
export function parseGitLocation(value: string, param: string): GitLocation {
  const refuse = (why: string) => new InvalidParamsError(`${param} "${value}" ${why}`, { param });
  if (value.startsWith("-")) throw refuse('starts with "-" and would be read as an option');
  if (/[\0-\x1f\x7f]/.test(value) || value.trim() !== value || value === "") throw refuse("is empty or contains control characters or surrounding spaces");
  const helper = /^([A-Za-z][A-Za-z0-9+.-]*)::/.exec(value);
  if (helper) throw refuse(`uses the remote-helper form "${helper[1]}::"; command-running transports are never allowed (accepted: ${ACCEPTED})`);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value)?.[1]?.toLowerCase();
  if (scheme !== undefined) return parseSchemeUrl(value, scheme, refuse);
  const scp = /^(?:([^@/:]+)@)?(\[[^\]/]+\]|[^:/@[\]]+):(.*)$/.exec(value);
  if (scp) {
    const [, user, host, path] = scp as unknown as [string, string | undefined, string, string];
    if ((user !== undefined && !USER.test(user)) || !HOST.test(host)) throw refuse("is not a valid user@host:path address");
    if (path === "" || path.startsWith("-")) throw refuse("has an empty or option-looking path after the host");
    return { kind: "scp", url: value, user, host: host.toLowerCase(), path };
  }
  return { kind: "local", path: value };
}

function parseSchemeUrl(value: string, scheme: string, refuse: (why: string) => InvalidParamsError): GitLocation {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw refuse("is not a valid URL");
  }
  if (scheme === "file") return { kind: "local", path: fileURLToPath(parsed) };
  const normalized = scheme === "git+ssh" || scheme === "ssh+git" ? "ssh" : scheme;
  if (normalized !== "https" && normalized !== "http" && normalized !== "ssh") {
    throw refuse(`uses the ${scheme}:// transport, which this executor does not allow (accepted: ${ACCEPTED})`);
  }
  if (!parsed.hostname || parsed.hostname.startsWith("-") || decodeURIComponent(parsed.username).startsWith("-")) {
    throw refuse("has a missing or option-looking host or user");
  }
  if (parsed.password) throw refuse("carries a password; secrets never go into params");
  return { kind: "url", scheme: normalized, url: value, parsed };
}

/** A remote name as `git remote` prints it. */
export function isRemoteName(value: string): boolean {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/.test(value) && !value.includes("..") && !value.endsWith(".lock");
}

/** Whether a network push target lies under one of the policy's `push_remotes` prefixes (whole path segments). */
export function networkTargetAllowed(target: Exclude<GitLocation, { kind: "local" }>, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => {
    let p: GitLocation;
    try {
      p = parseGitLocation(prefix, "push_remotes");
    } catch {
      return false;
    }
    if (target.kind === "url" && p.kind === "url") {
      if (target.scheme !== p.scheme || target.parsed.host.toLowerCase() !== p.parsed.host.toLowerCase()) return false;
      if (p.parsed.username && p.parsed.username !== target.parsed.username) return false;
      return segmentPrefix(p.parsed.pathname, target.parsed.pathname);
    }
    if (target.kind === "scp" && p.kind === "scp") {
      if (target.host !== p.host || (p.user !== undefined && p.user !== target.user)) return false;
      return segmentPrefix(p.path, target.path);
    }
    return false;
  });
}

// "/a" covers "/a" and "/a/b" but not "/ab"; an empty prefix or "/" covers everything.
function segmentPrefix(prefix: string, path: string): boolean {
  if (prefix === "" || prefix === "/") return true;
  if (path === prefix) return true;
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  return path.startsWith(base);
}
