// What a published tarball must hold to run on a host: its files, bins with a shebang and the
// run bit, exact @yggdrasil pins (no `workspace:`), every runtime import a dependency, no testkit.
import { builtinModules } from "node:module";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { $ } from "zx";

const BUILTIN = new Set(builtinModules);
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g;

/** Downloads name@version from the registry into `dir` and lists what is wrong with it. */
export async function inspectTarball(registry, name, version, dir) {
  const meta = (await registry.packument(name))?.versions?.[version];
  if (!meta) return { name, version, problems: [`${name}@${version} is not on the registry`] };
  const res = await fetch(meta.dist.tarball);
  const bytes = Buffer.from(await res.arrayBuffer());
  const out = join(dir, `${name.replace("/", "__")}-${version}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(`${out}.tgz`, bytes);
  await $({ quiet: true })`tar -xzf ${`${out}.tgz`} -C ${out}`;
  const modes = new Map((await $({ quiet: true })`tar -tvzf ${`${out}.tgz`}`).stdout.trim().split("\n").map((l) => [l.split(/\s+/).pop(), l.slice(0, 10)]));
  const pkgDir = join(out, "package");
  const files = walk(pkgDir).map((f) => relative(pkgDir, f));
  const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  const problems = [];

  for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (String(range).startsWith("workspace:")) problems.push(`${field}.${dep} is "${range}"`);
      if (dep === "@yggdrasil/testkit" && field !== "devDependencies") problems.push(`${field} names the private testkit`);
      if (dep.startsWith("@yggdrasil/") && field === "dependencies" && !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) problems.push(`${dep} is not pinned exactly: "${range}"`);
    }
  }
  for (const f of files) if (/(^|\/)(src|test-support)\/|\.test\.[cm]?[jt]s$/.test(f)) problems.push(`ships ${f}`);
  for (const target of exportTargets(pkg.exports)) if (!files.includes(target.replace(/^\.\//, ""))) problems.push(`exports ${target}, which is missing`);
  const bins = typeof pkg.bin === "string" ? { [name.split("/")[1]]: pkg.bin } : (pkg.bin ?? {});
  for (const [bin, target] of Object.entries(bins)) {
    const file = target.replace(/^\.\//, "");
    if (!files.includes(file)) problems.push(`bin ${bin} → ${target} is missing`);
    else {
      if (!readFileSync(join(pkgDir, file), "utf8").startsWith("#!/usr/bin/env node\n")) problems.push(`bin ${bin} has no #!/usr/bin/env node line`);
      if (!/^-rwx/.test(modes.get(`package/${file}`) ?? "")) problems.push(`bin ${bin} lacks the run bit in the tarball (${modes.get(`package/${file}`)})`);
    }
  }
  const runtime = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
  for (const f of files.filter((x) => /\.[cm]?js$/.test(x))) {
    const text = readFileSync(join(pkgDir, f), "utf8");
    if (text.includes("@yggdrasil/testkit")) problems.push(`${f} mentions @yggdrasil/testkit`);
    for (const [, spec] of text.matchAll(IMPORT)) {
      if (spec.startsWith(".") || spec.startsWith("node:") || BUILTIN.has(spec.split("/")[0])) continue;
      const dep = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      if (dep !== name && !runtime.has(dep)) problems.push(`${f} imports ${spec}, which is not a dependency`);
    }
  }
  const unpacked = files.reduce((n, f) => n + statSync(join(pkgDir, f)).size, 0);
  return { name, version, bytes: bytes.length, unpacked, files, bins, pkg, problems };
}

function exportTargets(exp) {
  if (typeof exp === "string") return [exp];
  if (!exp || typeof exp !== "object") return [];
  return Object.values(exp).flatMap(exportTargets);
}

function walk(dir) {
  return readdirSync(dir).flatMap((e) => (statSync(join(dir, e)).isDirectory() ? walk(join(dir, e)) : [join(dir, e)]));
}
