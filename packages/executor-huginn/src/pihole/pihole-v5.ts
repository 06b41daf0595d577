// The Pi-hole v5 api.php client (external-apis.md §2.3): the token goes in `auth=`, and an
// unauthorised request gets HTTP 200 with `[]`, so the body decides, not the status.
import { createHash } from "node:crypto";
import { TaskError } from "@yggdrasil/agent-core";
import { fetchJson, isObject, type HttpContext } from "../http/fetch-json.js";

/** The API token: the value as given when it already is one (64 hex digits), else derived from the password. */
export function v5Token(secret: string): string {
  if (/^[0-9a-f]{64}$/i.test(secret)) return secret.toLowerCase();
  const sha = (s: string) => createHash("sha256").update(s).digest("hex");
  return sha(sha(secret));
}

/** GET api.php?<key>&auth=…; `key` is always named, since `auth=` alone yields `[]`. */
export async function v5Get(ctx: HttpContext, baseUrl: string, key: string, token: string | undefined): Promise<Record<string, any>> {
  const url = new URL(`${baseUrl}/admin/api.php`);
  url.search = key;
  if (token) url.searchParams.set("auth", token);
  const reply = await fetchJson(ctx, "pihole", url.toString());
  if (reply.status !== 200) throw new TaskError("pihole_error", `Pi-hole answered ${reply.status} to api.php?${key}`, { retryable: reply.status >= 500 });
  if (Array.isArray(reply.json)) {
    throw new TaskError("pihole_unauthorized", `Pi-hole v5 refused api.php?${key}: ${token ? "the API token (or password) is wrong" : "it needs the API token: name the variable holding it in password_env"}`);
  }
  if (!isObject(reply.json)) throw new TaskError("pihole_error", `Pi-hole api.php?${key} did not answer JSON`);
  if (reply.json.FTLnotrunning === true) throw new TaskError("pihole_ftl_down", "Pi-hole's FTL is not running", { retryable: true });
  return reply.json;
}
