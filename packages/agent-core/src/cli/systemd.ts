// `--print-systemd-unit`: a ready unit file for an executor (or the coordinator, through the
// `@yggdrasil/agent-core/systemd` export), started through its installed bin.
import { dirname, isAbsolute, resolve } from "node:path";
import { userInfo } from "node:os";

export interface UnitInput {
  executor: string;
  description: string;
  /** Absolute path of the bin that was run (process.argv[1]). */
  binPath: string;
  /** The flags to keep in ExecStart (without --print-systemd-unit). */
  args: readonly string[];
  /** Made absolute (systemd requires it); it must exist before the unit starts. */
  workingDirectory: string;
  /** What the EnvironmentFile holds, for the comment above it. @default "YGG_TOKEN, YGG_SECRET_*" */
  secrets?: string;
  nodePath?: string;
  user?: string;
}

/** The unit text, plus a warning when the bin lives in a temporary npx cache. */
export function renderSystemdUnit(u: UnitInput): { unit: string; warning?: string } {
  const user = u.user ?? userInfo().username;
  const node = dirname(u.nodePath ?? process.execPath);
  const bin = isAbsolute(u.binPath) ? u.binPath : resolve(u.binPath);
  const exec = [bin, ...u.args].map(quoteArg).join(" ");
  const unit = `[Unit]
Description=Yggdrasil ${u.executor} (${u.description})
Documentation=https://www.npmjs.com/package/@yggdrasil/agent-core
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=${user}
WorkingDirectory=${resolve(u.workingDirectory)}
# Secrets (${u.secrets ?? "YGG_TOKEN, YGG_SECRET_*"}) go here, readable by root only: chmod 600
EnvironmentFile=-/etc/yggdrasil/${u.executor}.env
Environment=PATH=${node}:/usr/local/bin:/usr/bin:/bin
ExecStart=${exec}
ExecReload=/bin/kill -HUP $MAINPID
Restart=always
RestartSec=10
KillSignal=SIGTERM
TimeoutStopSec=60
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
`;
  const temporary = /[/\\]_npx[/\\]/.test(bin);
  const warning = temporary
    ? `warning: ${bin} is inside npx's temporary cache and will not last; install the executor (npm install --prefix DIR <package>, or -g) and print the unit again from the installed bin`
    : undefined;
  return { unit, warning };
}

// systemd's own quoting: double quotes, backslash escapes, and $/% doubled.
function quoteArg(arg: string): string {
  const escaped = arg.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return escaped;
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
