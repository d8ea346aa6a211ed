/**
 * Secret redaction for everything a terminal contributes to the incident record (command lines,
 * command output, exported transcripts). The timeline replicates to every peer and ends up in
 * the postmortem, so a token typed into a local shell must not travel with it.
 *
 * Patterns are deliberately eager: a false positive costs a `[REDACTED]` in the record, a false
 * negative leaks a credential. Each pattern is named so tests can say which one fired.
 */

export const REDACTED = '[REDACTED]';

export interface RedactionPattern {
  readonly name: string;
  readonly pattern: RegExp;
  /** Replacement; `$<keep>` style groups keep the non-secret context. */
  readonly replace: string | ((match: string, ...groups: string[]) => string);
}

/** Variable names whose values are secrets: API_KEY, DB_PASSWORD, GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY... */
const SECRET_NAME = String.raw`(?:[A-Za-z_][A-Za-z0-9_]*?)?(?:PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|_KEY|_PASS|_PWD|_PW|AUTH)`;
/** A shell value: quoted, or up to the next whitespace / command separator. */
const SHELL_VALUE = String.raw`(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s;&|'"]+)`;

export const REDACTION_PATTERNS: readonly RedactionPattern[] = [
  {
    name: 'private key block',
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
    replace: `-----BEGIN $1PRIVATE KEY$2----- ${REDACTED} -----END $1PRIVATE KEY$2-----`,
  },
  {
    name: 'credentials in a URL',
    // scheme://user:password@host -> keeps the user name, hides the password
    pattern: /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"]*):([^\s@/'"]+)@/gi,
    replace: `$1:${REDACTED}@`,
  },
  {
    name: 'authorization header',
    pattern:
      /\b(Authorization|Proxy-Authorization)(["']?\s*[:=]\s*["']?)(?:(Bearer|Basic|Token|Digest|Bot)\s+)?[^\s"']+/gi,
    replace: (_m, header: string, sep: string, scheme?: string) =>
      `${header}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  },
  {
    name: 'bearer token',
    pattern: /\b(Bearer|Token)\s+[A-Za-z0-9\-._~+/]{8,}=*/g,
    replace: `$1 ${REDACTED}`,
  },
  {
    name: 'secret variable assignment',
    // export API_KEY=..., PGPASSWORD='...', env GITHUB_TOKEN=... cmd; also yaml/json-ish `password: x`
    pattern: new RegExp(String.raw`\b(${SECRET_NAME})(=)${SHELL_VALUE}`, 'gi'),
    replace: `$1$2${REDACTED}`,
  },
  {
    name: 'secret key-value pair',
    pattern: new RegExp(
      String.raw`(["']?\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth[_-]?token)["']?\s*:\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^\s,}]+)`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  {
    name: 'secret command-line option',
    // --password=x, --token x, --client-secret x
    pattern: new RegExp(
      String.raw`(--(?:[a-z0-9-]*-)?(?:password|passwd|secret|token|api-key|access-key|auth)(?:=|\s+))${SHELL_VALUE}`,
      'gi',
    ),
    replace: `$1${REDACTED}`,
  },
  {
    name: 'basic auth option',
    // curl -u user:password / --user user:password
    pattern: /(\s(?:-u|--user)\s+["']?[^\s:"']+):[^\s"']+/g,
    replace: `$1:${REDACTED}`,
  },
  {
    name: 'AWS access key id',
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b/g,
    replace: REDACTED,
  },
  {
    name: 'GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
    replace: REDACTED,
  },
  {
    name: 'Slack token or webhook',
    pattern: /\bxox[abposr]-[A-Za-z0-9-]{8,}|https:\/\/hooks\.slack\.com\/services\/[A-Za-z0-9/_-]+/g,
    replace: REDACTED,
  },
  {
    name: 'Stripe-style or OpenAI-style key',
    // sk_live_..., rk_test_..., sk-live-abc123, sk-proj-..., sk-...(long)
    pattern: /\b(?:(?:sk|rk|pk|whsec)[-_](?:live|test|proj)[-_][A-Za-z0-9_-]{3,}|sk-[A-Za-z0-9_-]{20,})/g,
    replace: REDACTED,
  },
  {
    name: 'Google API key',
    pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g,
    replace: REDACTED,
  },
  {
    name: 'npm / PyPI / GitLab token',
    pattern: /\b(?:npm_[A-Za-z0-9]{36}|pypi-[A-Za-z0-9_-]{50,}|glpat-[A-Za-z0-9_-]{20,})\b/g,
    replace: REDACTED,
  },
  {
    name: 'JSON web token',
    pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: REDACTED,
  },
];

/** Apply every pattern in order. Pure and idempotent: redacting twice changes nothing more. */
export function redactSecrets(text: string, patterns: readonly RedactionPattern[] = REDACTION_PATTERNS): string {
  let out = text;
  for (const { pattern, replace } of patterns) {
    pattern.lastIndex = 0;
    out =
      typeof replace === 'string'
        ? out.replace(pattern, replace)
        : out.replace(pattern, replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

/** Which patterns fire on a text, for tests and diagnostics. */
export function matchingPatterns(text: string, patterns: readonly RedactionPattern[] = REDACTION_PATTERNS): string[] {
  return patterns
    .filter(({ pattern }) => new RegExp(pattern.source, pattern.flags.replace('g', '')).test(text))
    .map((p) => p.name);
}
