// Collects everything a run leaves behind (files under a directory, HTTP answers, process output)
// and finds secrets in it.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

export class Artefacts {
  private readonly texts: Array<{ where: string; text: string }> = [];

  add(where: string, text: string): void {
    this.texts.push({ where, text });
  }

  /** Every regular file under `dir` (skipping `skip` names), read as UTF-8. */
  addTree(dir: string, skip: readonly string[] = []): void {
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        if (skip.includes(name)) continue;
        const p = join(d, name);
        const st = statSync(p, { throwIfNoEntry: false });
        if (st?.isDirectory()) walk(p);
        else if (st?.isFile()) this.add(relative(dir, p), readFileSync(p, "utf8"));
      }
    };
    walk(dir);
  }

  get count(): number {
    return this.texts.length;
  }

  /** "secret in where" for each secret found anywhere (as is, or URL-encoded). */
  leaks(secrets: readonly string[]): string[] {
    const found: string[] = [];
    for (const { where, text } of this.texts) {
      for (const s of secrets) if (text.includes(s) || text.includes(encodeURIComponent(s))) found.push(`${s.slice(0, 6)}… in ${where}`);
    }
    return found;
  }
}
