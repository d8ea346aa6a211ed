/** What the severity policy asks of this incident right now. */
import { isActive, STATUS_LABELS, type Incident } from '../../shared/domain/incident';
import { policyFor, ROLE_LABELS, updateCadenceMs } from '../../shared/domain/policy';
import { formatDuration } from '../common/format';

export function PolicyHint({ incident }: { readonly incident: Incident }) {
  const policy = policyFor(incident.severity);
  const cadence = updateCadenceMs(incident.severity, incident.status);
  const roles = policy.requiredRoles.map((r) => ROLE_LABELS[r]);
  const cadenceText =
    cadence !== null
      ? `every ${formatDuration(cadence)} while ${STATUS_LABELS[incident.status].toLowerCase()}`
      : isActive(incident.status) || policy.updateCadenceMs === null
        ? 'at milestones'
        : 'none (no longer active)';

  return (
    <section aria-label="Severity policy" className="policy">
      <p className="policy__summary">
        <strong>
          {incident.severity} · {policy.label}
        </strong>{' '}
        {policy.description}
      </p>
      <dl className="policy__facts">
        <div>
          <dt>Response target</dt>
          <dd>{policy.responseTargetLabel}</dd>
        </div>
        <div>
          <dt>Required roles</dt>
          <dd>{roles.length ? roles.join(', ') : 'One responder'}</dd>
        </div>
        <div>
          <dt>Stakeholder updates</dt>
          <dd>{cadenceText}</dd>
        </div>
      </dl>
    </section>
  );
}
