import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/log';
import { RunbookLibrary } from '../../src/main/core/runbooks/library';
import { parseRunbook } from '../../src/main/core/runbooks/parse';
import { rankRunbooks, scoreRunbook, tokens } from '../../src/main/core/runbooks/suggest';
import { REPO_RUNBOOKS } from '../helpers/terminal';

const SAMPLE = `---
title: "Queue backlog"
tags: [queue, kafka]
match: [consumer lag, backlog]
services: [orders-worker]
---
# Ignored because the front matter has a title

Use when consumers fall behind.
Second line of the same paragraph.

## Check the lag

Look at the lag per partition.

\`\`\`sh
kafka-consumer-groups --describe --group orders
\`\`\`

Some text between blocks.

\`\`\`json
{"not": "a step"}
\`\`\`

## Restart consumers

\`\`\`console
$ kubectl rollout restart deploy/orders-worker
deployment.apps/orders-worker restarted
$ kubectl rollout status deploy/orders-worker
\`\`\`

  \`\`\`bash
  echo indented fence
  \`\`\`

\`\`\`sh
\`\`\`
`;

describe('parseRunbook', () => {
  it('turns fenced shell blocks into steps with their headings and prose', () => {
    const rb = parseRunbook(SAMPLE, 'fallback');
    expect(rb.title).toBe('Queue backlog');
    expect(rb.tags).toEqual(['queue', 'kafka']);
    expect(rb.match).toEqual(['consumer lag', 'backlog']);
    expect(rb.services).toEqual(['orders-worker']);
    expect(rb.description).toBe('Use when consumers fall behind. Second line of the same paragraph.');
    expect(rb.steps).toEqual([
      {
        index: 0,
        title: 'Check the lag',
        description: 'Look at the lag per partition.',
        lang: 'sh',
        code: 'kafka-consumer-groups --describe --group orders',
      },
      {
        index: 1,
        title: 'Restart consumers',
        // Prose after a step and before the next heading belongs to the previous section.
        description: '',
        lang: 'console',
        code: 'kubectl rollout restart deploy/orders-worker\nkubectl rollout status deploy/orders-worker',
      },
      { index: 2, title: 'Restart consumers', description: '', lang: 'bash', code: 'echo indented fence' },
    ]);
  });

  it('falls back to the first H1, then the file name, for the title', () => {
    expect(parseRunbook('# From heading\n\n```sh\nls\n```\n', 'file name').title).toBe('From heading');
    const rb = parseRunbook('```sh\nls\n```', 'file name');
    expect(rb.title).toBe('file name');
    expect(rb.steps[0]?.title).toBe('Step 1');
  });

  it('survives an unterminated fence and CRLF line endings', () => {
    const rb = parseRunbook('# T\r\n\r\n## A\r\n```sh\r\necho a\r\n', 'x');
    expect(rb.steps).toEqual([{ index: 0, title: 'A', description: '', lang: 'sh', code: 'echo a' }]);
  });

  it('parses every shipped runbook into steps', () => {
    const lib = new RunbookLibrary({ defaults: REPO_RUNBOOKS, user: null }, silentLogger);
    const all = lib.list();
    expect(all.map((r) => r.id).sort()).toEqual([
      'default/database-connection-pool-exhaustion',
      'default/high-error-rate',
      'default/high-latency',
      'default/recent-deploy-rollback',
      'default/service-down',
    ]);
    for (const rb of all) {
      expect(rb.steps.length, rb.id).toBeGreaterThanOrEqual(5);
      expect(rb.match.length, rb.id).toBeGreaterThan(0);
      for (const step of rb.steps) expect(step.code, `${rb.id} step ${step.index}`).not.toMatch(/\n$/);
    }
  });
});

describe('runbook suggestion', () => {
  const lib = new RunbookLibrary({ defaults: REPO_RUNBOOKS, user: null }, silentLogger);
  const runbooks = lib.list();
  const best = (title: string, services: string[] = [], tags: string[] = []): string | undefined => {
    const [top] = rankRunbooks({ title, services, tags }, runbooks);
    return top && top.suggestion.score > 0 ? top.runbook.id : undefined;
  };

  it.each([
    ['Checkout API high error rate', 'default/high-error-rate'],
    ['Elevated 5xx on payments', 'default/high-error-rate'],
    ['Search is slow: p99 latency above 2s', 'default/high-latency'],
    ['Login service down', 'default/service-down'],
    ['Website unreachable, connection refused', 'default/service-down'],
    ['Orders DB: too many connections', 'default/database-connection-pool-exhaustion'],
    ['Connection pool exhausted on postgres primary', 'default/database-connection-pool-exhaustion'],
    ['Errors since deploy of v2.3, need rollback', 'default/recent-deploy-rollback'],
  ])('suggests the right runbook for %j', (title, expected) => {
    expect(best(title)).toBe(expected);
  });

  it('suggests nothing for an unrelated incident', () => {
    expect(best('Office coffee machine empty')).toBeUndefined();
  });

  it('uses tags and services, and explains the match', () => {
    const s = scoreRunbook(
      { title: 'Something odd', services: ['Orders-Worker'], tags: ['Kafka'] },
      { title: 'Queue backlog', tags: ['kafka'], match: ['consumer lag'], services: ['orders-worker'] },
    );
    expect(s.score).toBe(5);
    expect(s.matched.sort()).toEqual(['kafka', 'orders-worker']);
  });

  it('normalises words: case, punctuation, plurals', () => {
    expect(tokens('Errors, TIMEOUTS & 5xx in the queries!')).toEqual(['error', 'timeout', '5xx', 'query']);
  });
});

describe('RunbookLibrary', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists user runbooks next to defaults and picks up edits without a restart', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-rb-'));
    const lib = new RunbookLibrary({ defaults: REPO_RUNBOOKS, user: dir }, silentLogger);
    writeFileSync(join(dir, 'My Checks.md'), '# Mine\n\n```sh\necho one\n```\n');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    writeFileSync(join(dir, 'huge.md'), 'x'.repeat(300 * 1024));
    expect(lib.get('user/my-checks')?.steps.map((s) => s.code)).toEqual(['echo one']);
    expect(
      lib
        .list()
        .filter((r) => r.source === 'user')
        .map((r) => r.id),
    ).toEqual(['user/my-checks']);

    writeFileSync(join(dir, 'My Checks.md'), '# Mine\n\n```sh\necho two\n```\n');
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(dir, 'My Checks.md'), later, later);
    expect(lib.get('user/my-checks')?.steps.map((s) => s.code)).toEqual(['echo two']);
  });

  it('refuses ids that are not runbook ids', () => {
    dir = mkdtempSync(join(tmpdir(), 'warroom-rb-'));
    const lib = new RunbookLibrary({ defaults: REPO_RUNBOOKS, user: dir }, silentLogger);
    expect(lib.get('default/../../etc/passwd')).toBeNull();
    expect(lib.get('other/high-latency')).toBeNull();
  });
});
