// Turns a failed git run into a TaskError whose code says why and whether retrying can help.
import { TaskError, type CommandResult } from "@yggdrasil/agent-core";
import { tailText as outputTail } from "@yggdrasil/agent-core";

interface Rule {
  code: string;
  retryable: boolean;
  test: RegExp;
  hint: string;
}

// Checked in order; keyed on git's and ssh's messages (LC_ALL=C keeps them untranslated).
const RULES: readonly Rule[] = [
  {
    code: "git_auth_required",
    retryable: false,
    test: /terminal prompts disabled|could not read (Username|Password)|Authentication failed|Permission denied \(|Host key verification failed|HTTP Basic: Access denied|returned error: 40[13]/i,
    hint: "the remote needs credentials and git runs without prompts on this executor; use a URL it can read without one (for ssh, a key of the executor's user)",
  },
  {
    code: "git_identity_missing",
    retryable: false,
    test: /(Author|Committer) identity unknown|unable to auto-detect email address/i,
    hint: "git has no identity for commits on this host; pass author_name and author_email, or set user.name and user.email for the executor's user",
  },
  {
    code: "git_unsafe_directory",
    retryable: false,
    test: /detected dubious ownership/i,
    hint: "the repository belongs to another user; run the executor as its owner",
  },
  {
    code: "git_transport_refused",
    retryable: false,
    test: /transport '[^']*' not allowed/i,
    hint: "that transport is disabled on this executor",
  },
  {
    code: "git_unreachable",
    retryable: true,
    test: /Could not resolve host|Connection refused|Connection timed out|Operation timed out|Network is unreachable|No route to host|The remote end hung up unexpectedly|Failed to connect/i,
    hint: "the remote could not be reached",
  },
];

/** The lines of git's stderr that carry the reason. */
export function gitReason(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const important = lines.filter((l) => /^(fatal|error|remote: error|ERROR):?/i.test(l) || / ! \[/.test(l));
  return outputTail((important.length ? important : lines).join("\n"), 1000);
}

/** The TaskError for a git run that did not exit as hoped. */
export function gitFailure(r: CommandResult, action: string): TaskError {
  const how = r.exitCode === null ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
  const reason = gitReason(r.stderr) || outputTail(r.stdout, 1000);
  const rule = RULES.find((x) => x.test.test(r.stderr));
  const details = { argv: r.argv, exit_code: r.exitCode, stderr_tail: outputTail(r.stderr, 2000) };
  if (rule) return new TaskError(rule.code, `${action} failed: ${rule.hint}. git said: ${reason}`, { retryable: rule.retryable, details });
  return new TaskError("git_failed", `${action} failed (git ${how})${reason ? `: ${reason}` : ""}`, { retryable: false, details });
}
