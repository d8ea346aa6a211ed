import { describe, expect, it } from 'vitest';
import { REDACTED, REDACTION_PATTERNS, matchingPatterns, redactSecrets } from '../../src/main/core/terminal/redact';

/** [input, what must disappear, pattern expected to fire] */
const SECRETS: [string, string, string][] = [
  ['export API_KEY=sk-live-abc123', 'sk-live-abc123', 'secret variable assignment'],
  ['export DB_PASSWORD="hunter 2"', 'hunter 2', 'secret variable assignment'],
  ["PGPASSWORD='s3cr3t' psql -h db", 's3cr3t', 'secret variable assignment'],
  ['GITHUB_TOKEN=abc123def456 gh pr list', 'abc123def456', 'secret variable assignment'],
  [
    'export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'wJalrXUtnFEMI',
    'secret variable assignment',
  ],
  ['export STRIPE_SECRET=whatever', 'whatever', 'secret variable assignment'],
  ['password=hunter2', 'hunter2', 'secret variable assignment'],
  ['curl "https://api.example.com/v1?token=abcd1234&page=2"', 'abcd1234', 'secret variable assignment'],
  ['psql postgres://app:Pa55w0rd@db.internal:5432/orders', 'Pa55w0rd', 'credentials in a URL'],
  ['git clone https://bob:ghtoken@github.com/x/y', 'ghtoken', 'credentials in a URL'],
  ['curl -H "Authorization: Bearer abc.def.ghi123" https://x', 'abc.def.ghi123', 'authorization header'],
  ['curl -H "Authorization: Basic dXNlcjpwYXNz" https://x', 'dXNlcjpwYXNz', 'authorization header'],
  ['token is Bearer 0123456789abcdef', '0123456789abcdef', 'bearer token'],
  ['aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE', 'AKIAIOSFODNN7EXAMPLE', 'AWS access key id'],
  ['echo ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789', 'GitHub token'],
  ['github_pat_11ABCDEFG0123456789_abcdefghijklmnop', 'github_pat_11ABCDEFG', 'GitHub token'],
  ['SLACK=xoxb-1234-5678-abcdefgh', 'xoxb-1234-5678-abcdefgh', 'Slack token or webhook'],
  ['curl https://hooks.slack.com/services/T000/B000/XXXXYYYY', 'T000/B000/XXXXYYYY', 'Slack token or webhook'],
  ['stripe key sk_live_51HxYzAbCdEf', 'sk_live_51HxYzAbCdEf', 'Stripe-style or OpenAI-style key'],
  ['the key is sk-live-abc123', 'sk-live-abc123', 'Stripe-style or OpenAI-style key'],
  ['OPENAI sk-proj-AbCdEfGhIjKlMnOpQrStUv', 'sk-proj-AbCdEfGhIjKlMnOpQrStUv', 'Stripe-style or OpenAI-style key'],
  ['key AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', 'AIzaSyA-abcdefghijklmnopqrstuvwxyz01234', 'Google API key'],
  [
    '//registry.npmjs.org/:_authToken=npm_abcdefghijklmnopqrstuvwxyz0123456789',
    'npm_abcdefghij',
    'npm / PyPI / GitLab token',
  ],
  [
    'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    'dozjgNryP4J3jVmNHl0w5N',
    'JSON web token',
  ],
  ['{"password": "p@ss", "user": "bob"}', 'p@ss', 'secret key-value pair'],
  ['client_secret: abcdef', 'abcdef', 'secret key-value pair'],
  ['vault login --token=s.abcdefgh', 's.abcdefgh', 'secret command-line option'],
  ['mysql --password hunter2 orders', 'hunter2', 'secret command-line option'],
  ['curl -u admin:letmein https://x', 'letmein', 'basic auth option'],
  [
    '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabcdef\n-----END RSA PRIVATE KEY-----\nafter',
    'MIIEowIBAAKCAQEA7',
    'private key block',
  ],
  [
    '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA (cut off',
    'b3BlbnNzaC1rZXktdjEAAAAA',
    'private key block',
  ],
];

describe('redactSecrets', () => {
  it.each(SECRETS)('redacts %j', (input, secret, patternName) => {
    const out = redactSecrets(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    expect(matchingPatterns(input)).toContain(patternName);
  });

  it('keeps the non-secret context readable', () => {
    expect(redactSecrets('export API_KEY=sk-live-abc123')).toBe(`export API_KEY=${REDACTED}`);
    expect(redactSecrets('psql postgres://app:pw@db:5432/x')).toBe(`psql postgres://app:${REDACTED}@db:5432/x`);
    expect(redactSecrets('curl -H "Authorization: Bearer abcdefghijk" x')).toBe(
      `curl -H "Authorization: Bearer ${REDACTED}" x`,
    );
    expect(redactSecrets('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nok')).toBe(
      `-----BEGIN PRIVATE KEY----- ${REDACTED} -----END PRIVATE KEY-----\nok`,
    );
  });

  it.each([
    'kubectl get pods -n payments',
    'echo $PWD; cd /var/log; OLDPWD=/tmp ls',
    'MONKEY=banana ./run.sh',
    'SELECT count(*) FROM pg_stat_activity;',
    'curl -s https://api.example.com/health',
    'git log --oneline -5',
    'export KUBECONFIG=~/.kube/config',
    'HTTP/1.1 200 OK',
  ])('leaves ordinary text alone: %j', (text) => {
    expect(redactSecrets(text)).toBe(text);
  });

  it('is idempotent', () => {
    for (const [input] of SECRETS) {
      const once = redactSecrets(input);
      expect(redactSecrets(once)).toBe(once);
    }
  });

  it('every pattern is exercised by at least one example', () => {
    const fired = new Set(SECRETS.flatMap(([input]) => matchingPatterns(input)));
    for (const p of REDACTION_PATTERNS) expect(fired, p.name).toContain(p.name);
  });
});
