/** The timeline entries Warroom writes by itself when the incident's state changes. */
import { MILESTONE_LABELS, STATUS_LABELS, type Incident, type Milestone } from '../../shared/domain/incident';
import { utcStamp } from '../../shared/domain/utc';
import type { EntryFields, IncidentFields } from '../../shared/ops';

function entry(kind: EntryFields['kind'], text: string, eventTime: number, data: EntryFields['data']): EntryFields {
  return { kind, text, eventTime, tags: [], pinned: false, deleted: false, data };
}

export function declaredEntry(fields: IncidentFields, at: number): EntryFields {
  return entry('milestone', `Incident declared as ${fields.severity}: ${fields.title}`, at, {
    milestone: 'declaredAt',
    severity: fields.severity,
  });
}

/** Entries describing the change from `before` to the new field values; none when nothing changed. */
export function changeEntries(
  before: Omit<Incident, 'conflicts'>,
  fields: Partial<IncidentFields>,
  at: number,
): EntryFields[] {
  const out: EntryFields[] = [];
  if (fields.severity !== undefined && fields.severity !== before.severity) {
    out.push(
      entry('severity_change', `Severity changed from ${before.severity} to ${fields.severity}`, at, {
        from: before.severity,
        to: fields.severity,
      }),
    );
  }
  if (fields.status !== undefined && fields.status !== before.status) {
    out.push(
      entry(
        'status_change',
        `Status changed from ${STATUS_LABELS[before.status]} to ${STATUS_LABELS[fields.status]}`,
        at,
        {
          from: before.status,
          to: fields.status,
        },
      ),
    );
  }
  for (const m of Object.keys(MILESTONE_LABELS) as Milestone[]) {
    const value = fields[m];
    if (value === undefined || value === before.milestones[m]) continue;
    const text =
      value === null ? `${MILESTONE_LABELS[m]} time cleared` : `${MILESTONE_LABELS[m]} at ${utcStamp(value)}`;
    // A milestone entry sits at the moment it names, so the timeline reads in order.
    out.push(entry('milestone', text, value ?? at, { milestone: m, at: value }));
  }
  return out;
}
