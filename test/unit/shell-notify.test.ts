import { describe, expect, it } from 'vitest';
import { cadenceNotification } from '../../src/main/shell/notify';
import type { CadenceAlert } from '../../src/shared/contract/cadence';

const alert = (kind: CadenceAlert['kind']): CadenceAlert => ({
  incidentId: 'incident-0001',
  incidentName: 'incident-2026-11-22-1400-db',
  title: 'DB down',
  severity: 'SEV1',
  kind,
  deadline: 0,
  at: 0,
  overdueMs: 0,
  message: 'SEV1 DB down: stakeholder update overdue by 01:00',
  audience: ['internal'],
  steps: [],
});

describe('native cadence notifications', () => {
  it('notifies due, overdue, reminders and escalations, not due soon or other events', () => {
    for (const kind of ['due', 'overdue', 'reminder', 'escalation'] as const) {
      expect(cadenceNotification('cadenceAlert', alert(kind))).toEqual({
        title: 'Warroom: SEV1 incident-2026-11-22-1400-db',
        body: 'SEV1 DB down: stakeholder update overdue by 01:00',
      });
    }
    expect(cadenceNotification('cadenceAlert', alert('due_soon'))).toBeNull();
    expect(cadenceNotification('incidentChanged', alert('due'))).toBeNull();
  });
});
