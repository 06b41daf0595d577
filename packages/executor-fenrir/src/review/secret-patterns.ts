// Shapes of credentials that should never be committed. Findings name the kind, never the value.

export interface SecretPattern {
  kind: string;
  severity: "error" | "warning";
  pattern: RegExp;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { kind: "a private key", severity: "error", pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/ },
  { kind: "an AWS access key id", severity: "error", pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/ },
  { kind: "an AWS secret access key", severity: "error", pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])/i },
  { kind: "a GitHub token", severity: "error", pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/ },
  { kind: "a GitLab token", severity: "error", pattern: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { kind: "a Slack token", severity: "error", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}\b/ },
  { kind: "a Google API key", severity: "error", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: "a Stripe live key", severity: "error", pattern: /\b[rs]k_live_[0-9A-Za-z]{24,}\b/ },
  {
    kind: "a hard-coded password or token",
    severity: "warning",
    pattern: /\b(?:password|passwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)["']?\s*[:=]\s*["'][^"'\s]{8,}["']/i,
  },
];

/** The first secret shape a line matches. */
export function matchSecret(text: string): SecretPattern | undefined {
  return SECRET_PATTERNS.find((p) => p.pattern.test(text));
}
