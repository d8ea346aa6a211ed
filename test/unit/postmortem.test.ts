import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/main/core/log';
import { openWarroom, type Warroom } from '../../src/main/core/warroom';
import { formatDuration, responseMetrics } from '../../src/shared/domain/postmortem';
import { emptyMilestones } from '../../src/shared/domain/incident';

const T0 = Date.UTC(2026, 10, 22, 14, 0);
const MIN = 60_000;
let w: Warroom | undefined;
afterEach(() => w?.close());

describe('response metrics', () => {
  it('computes detect / acknowledge / mitigate / resolve from milestones', () => {
    const m = {
      ...emptyMilestones(),
      impactStartedAt: T0,
      detectedAt: T0 + 4 * MIN,
      acknowledgedAt: T0 + 6 * MIN,
      mitigatedAt: T0 + 40 * MIN,
      resolvedAt: T0 + 95 * MIN,
    };
    expect(responseMetrics(m)).toEqual({
      timeToDetectMs: 4 * MIN,
      timeToAcknowledgeMs: 2 * MIN,
      timeToMitigateMs: 40 * MIN,
      timeToResolveMs: 95 * MIN,
    });
    expect(formatDuration(95 * MIN)).toBe('1 h 35 min');
    expect(formatDuration(null)).toBe('n/a');
  });

  it('refuses negative spans from inconsistent milestones', () => {
    const m = { ...emptyMilestones(), impactStartedAt: T0, detectedAt: T0 - MIN };
    expect(responseMetrics(m).timeToDetectMs).toBeNull();
  });
});

describe('exportPostmortem', () => {
  it('drafts Markdown with metrics, timeline in order and action items, excluding deleted entries', () => {
    let now = T0 + 5 * MIN;
    w = openWarroom({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'wr-pm-')), log: silentLogger, now: () => now });
    const inc = w.call('declareIncident', { title: 'Checkout 500s', severity: 'SEV2', impactStartedAt: T0 });
    now += MIN;
    w.call('setMilestone', { id: inc.id, milestone: 'acknowledgedAt', at: now });
    w.call('addEntry', { incidentId: inc.id, kind: 'decision', text: 'Roll back | api to v1.2.2' });
    w.call('addEntry', { incidentId: inc.id, kind: 'action', text: 'Add canary for checkout' });
    const gone = w.call('addEntry', { incidentId: inc.id, kind: 'note', text: 'typo entry' });
    w.call('deleteEntry', { incidentId: inc.id, entryId: gone.id });
    now += 30 * MIN;
    w.call('changeStatus', { id: inc.id, status: 'resolved' });
    const draft = w.call('exportPostmortem', { incidentId: inc.id });
    expect(draft.fileName).toBe(`${inc.name}-postmortem.md`);
    expect(draft.markdown).toContain('# Postmortem: Checkout 500s');
    expect(draft.markdown).toContain('| Time to detect | 5 min |');
    expect(draft.markdown).toContain('| Time to acknowledge | 1 min |');
    expect(draft.markdown).toContain('| Time to resolve | 36 min |');
    expect(draft.markdown).toContain('- [ ] Add canary for checkout');
    expect(draft.markdown).toContain('Roll back \\| api to v1.2.2');
    expect(draft.markdown).not.toContain('typo entry');
    const timeline = draft.markdown.slice(draft.markdown.indexOf('## Timeline'));
    expect(timeline.indexOf('Incident declared')).toBeLessThan(timeline.indexOf('Status changed'));
  });
});
