// Tells Pi-hole v6 from v5 without credentials (external-apis.md §2.3 "Telling v5 from v6").
import { TaskError } from "@yggdrasil/agent-core";
import { fetchJson, isObject, type HttpContext } from "../http/fetch-json.js";

/** v6 answers GET /api/auth with a `session` object (200 or 401); v5 answers api.php?version. */
export async function detectPiholeApi(ctx: HttpContext, baseUrl: string): Promise<"v6" | "v5"> {
  const auth = await fetchJson(ctx, "pihole", `${baseUrl}/api/auth`);
  if ((auth.status === 200 || auth.status === 401) && isObject(auth.json) && isObject(auth.json.session)) return "v6";
  const v5 = await fetchJson(ctx, "pihole", `${baseUrl}/admin/api.php?version`);
  if (v5.status === 200 && isObject(v5.json) && typeof v5.json.version === "number") return "v5";
  throw new TaskError("pihole_not_found", `no Pi-hole API at ${baseUrl}: /api/auth answered ${auth.status} and /admin/api.php?version ${v5.status}`);
}
