// got is imported on the first call to Ollama, not at start-up: an idle executor does not keep
// got and its dependencies (about 60 modules) in memory.
import type { Got } from "got";

let loading: Promise<Got> | undefined;

/** got's default instance, imported once on first use. */
export function loadGot(): Promise<Got> {
  // A failed import is not cached: the next call tries again and reports its own error.
  loading ??= import("got").then(
    (m) => m.default,
    (e: unknown) => {
      loading = undefined;
      throw e;
    },
  );
  return loading;
}
