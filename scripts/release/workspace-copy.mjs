// A copy of the working tree to release from, so the checkout is never rewritten: the files git
// would track (committed or not, ignored ones left out; all files when there is no .git) plus the already-built dist folders and
// their tsbuildinfo (tsc -b rebuilds whatever is stale), installed from the pnpm store, and made
// a git repository of its own with one commit so `pnpm release` finds a clean tree.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { $ } from "zx";

const identity = ["-c", "user.name=yggdrasil-release-test", "-c", "user.email=release-test@yggdrasil.invalid"];

/** Copies `root` into `dest` (which must exist and be empty), installs it and commits it. */
export async function copyWorkspace(root, dest, { install = true } = {}) {
  const files = await sourceFiles(root);
  for (const p of readdirSync(join(root, "packages"))) {
    for (const built of ["dist", "tsconfig.tsbuildinfo"]) if (existsSync(join(root, "packages", p, built))) files.push(`packages/${p}/${built}`);
  }
  await $({ cwd: root, quiet: true, input: files.join("\0") })`tar --null -T - -cf - | tar -xf - -C ${dest}`;
  if (install) {
    // Not frozen: a copy of a tree with uncommitted package.json edits must still install.
    await $({ cwd: dest, quiet: true, env: { ...process.env, npm_config_update_notifier: "false" } })`pnpm install --prefer-offline --no-frozen-lockfile`;
  }
  await commitAll(dest, "the tree to release", { init: true });
}

// .ci/run tests a plain copy of the tree without .git; there every file but the ignored kinds is source.
async function sourceFiles(root) {
  const git = await $({ cwd: root, quiet: true, nothrow: true })`git ls-files -z --cached --others --exclude-standard`;
  if (git.exitCode === 0 && existsSync(join(root, ".git"))) return git.stdout.split("\0").filter((f) => f && existsSync(join(root, f)));
  const prune = ["(", "-name", "node_modules", "-o", "-name", "dist", "-o", "-name", ".turbo", "-o", "-name", ".demo", "-o", "-name", ".git", ")", "-prune"];
  const all = await $({ cwd: root, quiet: true })`find . ${prune} -o -type f -print0`;
  return all.stdout.split("\0").filter((f) => f && !/(^|\/)(test-results[^/]*\.json|[^/]*\.log|[^/]*\.tsbuildinfo)$/.test(f)).map((f) => f.replace(/^\.\//, ""));
}

/** Commits everything in `dir` (a git repo is created first with `init`). */
export async function commitAll(dir, message, { init = false } = {}) {
  const git = $({ cwd: dir, quiet: true });
  if (init) await git`git init -q -b main`;
  await git`git add -A`;
  await git`git ${identity} commit -q --allow-empty -m ${message}`;
}
