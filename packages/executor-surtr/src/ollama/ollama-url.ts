// The configured Ollama URL split into a credential-free base and its basic-auth credentials, so the
// password is sent only as a header and never sits in a string that could be logged or returned.
import { ConfigError } from "@yggdrasil/agent-core";

/** Where Ollama is and how to log in to it (a reverse proxy may ask for basic auth). */
export interface OllamaEndpoint {
  /** `http(s)://host:port[/prefix]` without userinfo or trailing slash; safe to show. */
  baseUrl: string;
  username?: string;
  password?: string;
}

/** Parses `--ollama-url`; a bad URL stops the start with a message that never repeats the password. */
export function parseOllamaUrl(raw: string): OllamaEndpoint {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError("--ollama-url is not a valid absolute URL (expected e.g. http://127.0.0.1:11434)");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ConfigError(`--ollama-url must be http or https, not ${url.protocol}`);
  if (url.search || url.hash) throw new ConfigError("--ollama-url takes no query or fragment");
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  url.username = "";
  url.password = "";
  return { baseUrl: url.href.replace(/\/+$/, ""), username, password };
}
