// The release suite's shared state: written by global-setup.mjs, read by each test file.
import { readFileSync } from "node:fs";

/** What global setup published (registry URL, the release copy, versions N, timings). */
export function releaseState() {
  const file = process.env.YGG_RELEASE_STATE;
  if (!file) throw new Error("YGG_RELEASE_STATE is unset: run this suite through jest.release.config.js");
  return JSON.parse(readFileSync(file, "utf8"));
}

/** A registry client for the state's registry (packuments only). */
export function registryClient(state) {
  return {
    async packument(name) {
      const res = await fetch(`${state.registryUrl}${name.replace("/", "%2f")}`);
      return res.status === 404 ? undefined : res.json();
    },
  };
}

/** The publishable packages of a tree: name → { dir, version, bin }. */
export function publishable(readPkg, dirs) {
  const out = {};
  for (const dir of dirs) {
    const pkg = readPkg(dir);
    if (pkg && !pkg.private) out[pkg.name] = { dir, version: pkg.version, bin: pkg.bin };
  }
  return out;
}
