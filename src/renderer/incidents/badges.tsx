/** Severity and status at a glance: color plus text, never color alone. */
import { STATUS_LABELS, type Severity, type Status } from '../../shared/domain/incident';
import { policyFor } from '../../shared/domain/policy';

export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return (
    <span className={`sev sev--${severity.toLowerCase()}`} title={policyFor(severity).label}>
      {severity}
    </span>
  );
}

export function StatusChip({ status }: { readonly status: Status }) {
  return <span className={`status status--${status}`}>{STATUS_LABELS[status]}</span>;
}

/** Option label of a severity everywhere it is chosen: "SEV2 · Major". */
export function severityOptionLabel(severity: Severity): string {
  return `${severity} · ${policyFor(severity).label}`;
}
