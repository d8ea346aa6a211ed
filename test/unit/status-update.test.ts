import { describe, expect, it } from 'vitest';
import { emptyMilestones, STATUSES, type Incident, type Status } from '../../src/shared/domain/incident';
import { MINUTE } from '../../src/shared/domain/policy';
import {
  buildDraft,
  executiveSummary,
  internalUpdate,
  markdownToPlain,
  STATUS_PAGE_WORDING,
  statusPageUpdate,
  type UpdateContext,
} from '../../src/shared/domain/status-update';
import type { TimelineEntry } from '../../src/shared/domain/timeline';

const T0 = Date.UTC(2026, 10, 22, 14, 0, 0);

function incident(status: Status = 'identified', extra: Partial<Incident> = {}): Incident {
  return {
    id: 'incident-0001',
    name: 'incident-2026-11-22-1400-checkout-500s',
    title: 'Checkout 500s',
    severity: 'SEV1',
    status,
    summary: 'Card payments fail for EU customers.',
    services: ['checkout', 'payments'],
    milestones: { ...emptyMilestones(), declaredAt: T0, detectedAt: T0, impactStartedAt: T0 - 5 * MINUTE },
    createdAt: T0,
    createdBy: 'alice',
    updatedAt: T0,
    conflicts: [],
    ...extra,
  };
}

let seq = 0;
function e(kind: TimelineEntry['kind'], minutes: number, text: string, deleted = false): TimelineEntry {
  return {
    id: `entry-${String(seq++).padStart(4, '0')}`,
    incidentId: 'incident-0001',
    kind,
    text,
    eventTime: T0 + minutes * MINUTE,
    capturedAt: T0 + minutes * MINUTE,
    author: { peerId: 'p1', name: 'alice' },
    tags: [],
    pinned: false,
    deleted,
    revisions: 0,
    data: null,
  };
}

const entries = [
  e('finding', 3, 'payments-api returns 502 from the PSP gateway'),
  e('action', 6, 'Paged the PSP on-call'),
  e('decision', 9, 'Fail over to the secondary PSP'),
  e('decision', 10, 'This decision was deleted', true),
  e('note', 11, 'coffee'),
];

function ctx(status: Status = 'identified', over: Partial<UpdateContext> = {}): UpdateContext {
  return {
    incident: incident(status),
    entries,
    commander: 'Alice Example',
    now: T0 + 12 * MINUTE,
    nextUpdateAt: T0 + 22 * MINUTE,
    intervalMs: 10 * MINUTE,
    ...over,
  };
}

describe('internal update template', () => {
  it('prefills status, severity, start, commander, situation, impact, actions, next steps and next update', () => {
    const md = internalUpdate(ctx());
    expect(md).toContain('## Internal update: Checkout 500s');
    expect(md).toContain('**Status:** Identified');
    expect(md).toContain('**Severity:** SEV1 (Critical)');
    expect(md).toContain('**Started:** 2026-11-22 13:55 UTC (17 min ago)');
    expect(md).toContain('**Incident Commander:** Alice Example');
    expect(md).toMatch(/### Current situation\npayments-api returns 502 from the PSP gateway/);
    expect(md).toContain('Affected services: checkout, payments.');
    expect(md).toMatch(
      /### Actions taken\n- 14:06 UTC: Paged the PSP on-call\n- 14:09 UTC: Fail over to the secondary PSP\n/,
    );
    expect(md).not.toContain('deleted');
    expect(md).not.toContain('coffee');
    expect(md).toContain('### Next steps');
    expect(md).toContain('### Next update\nBy 14:22 UTC (every 10 min)');
  });

  it('says so when nothing is known yet', () => {
    const md = internalUpdate(
      ctx('investigating', { entries: [], commander: null, nextUpdateAt: null, intervalMs: null }),
    );
    expect(md).toContain('**Incident Commander:** _unassigned_');
    expect(md).toContain('Card payments fail for EU customers.');
    expect(md).toContain('- _None recorded yet._');
    expect(md).not.toContain('### Next update');
  });
});

describe('status page template', () => {
  it('uses the customer-facing wording of each status and no internal details', () => {
    for (const status of STATUSES) {
      const md = statusPageUpdate(ctx(status));
      expect(md).toContain(STATUS_PAGE_WORDING[status]);
      expect(md).not.toContain('Alice');
      expect(md).not.toContain('PSP');
    }
    expect(statusPageUpdate(ctx('investigating'))).toContain('We are currently investigating this issue.');
    expect(statusPageUpdate(ctx('identified'))).toContain(
      'The issue has been identified and a fix is being implemented.',
    );
    expect(statusPageUpdate(ctx('monitoring'))).toContain(
      'A fix has been implemented and we are monitoring the results.',
    );
    expect(statusPageUpdate(ctx('resolved'))).toContain('This incident has been resolved.');
    expect(statusPageUpdate(ctx('identified'))).toContain('We will provide another update by 14:22 UTC.');
    expect(statusPageUpdate(ctx('resolved'))).not.toContain('another update');
  });
});

describe('executive summary', () => {
  it('is short: severity, status, impact, what we do, commander, next update', () => {
    const md = executiveSummary(ctx());
    expect(md).toContain('**SEV1 (Critical), identified**, impact since 13:55 UTC (17 min).');
    expect(md).toContain('**Customer impact:** Card payments fail for EU customers.');
    expect(md).toContain('**What we are doing:** Fail over to the secondary PSP');
    expect(md).toContain('**Next update:** By 14:22 UTC');
    expect(md.split('\n').length).toBeLessThan(10);
  });
});

describe('drafts and plain text', () => {
  it('a draft carries its audience and both renderings', () => {
    const d = buildDraft('status_page', ctx());
    expect(d.audience).toEqual(['status_page']);
    expect(d.plain).toBe(markdownToPlain(d.markdown));
    expect(buildDraft('executive', ctx()).audience).toEqual(['executives']);
    expect(buildDraft('internal', ctx()).audience).toEqual(['internal']);
  });

  it('strips Markdown for pasting where it does not render', () => {
    const plain = markdownToPlain(internalUpdate(ctx()));
    expect(plain).toMatch(/^Internal update: Checkout 500s\n/);
    expect(plain).toContain('Status: Identified\n');
    expect(plain).toContain('Incident Commander: Alice Example');
    expect(plain).toContain('- 14:06 UTC: Paged the PSP on-call');
    expect(plain).not.toMatch(/\*\*|##|\s{2}\n/);
    expect(markdownToPlain('See [runbook](https://x.example/r) and `kubectl get pods`, _now_.')).toBe(
      'See runbook (https://x.example/r) and kubectl get pods, now.',
    );
    expect(markdownToPlain('snake_case_name stays')).toBe('snake_case_name stays');
  });
});
