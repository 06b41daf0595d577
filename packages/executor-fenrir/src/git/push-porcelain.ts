// Reads `git push --porcelain`: one line per ref, `<flag>\t<from>:<to>\t<summary>`.

export interface PushedRef {
  status: "new" | "fast_forward" | "forced" | "deleted" | "up_to_date" | "rejected" | "error";
  local_ref: string;
  remote_ref: string;
  summary: string;
}

const FLAGS: Record<string, PushedRef["status"]> = {
  "*": "new",
  " ": "fast_forward",
  "+": "forced",
  "-": "deleted",
  "=": "up_to_date",
  "!": "rejected",
};

/** The refs a porcelain push reported. */
export function parsePushPorcelain(stdout: string): PushedRef[] {
  const refs: PushedRef[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^(.)\t([^\t]*?):([^\t:]+)\t(.*)$/.exec(line);
    if (!m) continue;
    const [, flag, local, remote, summary] = m as unknown as [string, string, string, string, string];
    refs.push({ status: FLAGS[flag] ?? "error", local_ref: local, remote_ref: remote, summary: summary.trim() });
  }
  return refs;
}
