/** The triage checklist of the declare dialog: the questions a commander asks in the first minute. */
import { useId } from 'react';
import { IMPACT_SCOPES, IMPACT_SCOPE_LABELS, type ImpactScope, type TriageAnswers } from '../../shared/domain/triage';

type TextKey = 'whatIsBroken' | 'usersAffected' | 'startedAt' | 'whatChanged';
type FlagKey = 'customerImpact' | 'workaround' | 'dataOrMoneyAtRisk' | 'dataLoss' | 'securityBreach';

const FLAGS: readonly (readonly [FlagKey, string])[] = [
  ['customerImpact', 'Customer impact'],
  ['workaround', 'Workaround exists'],
  ['dataOrMoneyAtRisk', 'Data or money at risk'],
  ['dataLoss', 'Data loss'],
  ['securityBreach', 'Security breach'],
];

export interface TriageChecklistProps {
  readonly value: TriageAnswers;
  readonly onChange: (next: TriageAnswers) => void;
}

export function TriageChecklist({ value, onChange }: TriageChecklistProps) {
  const id = useId();
  const set = <K extends keyof TriageAnswers>(key: K, v: TriageAnswers[K]): void => onChange({ ...value, [key]: v });
  const text = (key: TextKey, label: string, placeholder: string, multiline = false) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      {multiline ? (
        <textarea
          id={`${id}-${key}`}
          rows={2}
          placeholder={placeholder}
          value={value[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      ) : (
        <input
          id={`${id}-${key}`}
          placeholder={placeholder}
          value={value[key]}
          onChange={(e) => set(key, e.target.value)}
        />
      )}
    </div>
  );

  return (
    <fieldset className="triage">
      <legend>Triage checklist</legend>
      {text('whatIsBroken', 'What is broken', 'e.g. checkout returns HTTP 500', true)}
      <div className="field">
        <label htmlFor={`${id}-scope`}>Impact scope</label>
        <select id={`${id}-scope`} value={value.scope} onChange={(e) => set('scope', e.target.value as ImpactScope)}>
          {IMPACT_SCOPES.map((scope) => (
            <option key={scope} value={scope}>
              {IMPACT_SCOPE_LABELS[scope]}
            </option>
          ))}
        </select>
      </div>
      {text('usersAffected', 'Users affected', 'e.g. all EU customers, ~30%')}
      <div className="triage__flags">
        {FLAGS.map(([key, label]) => (
          <label key={key} className="check">
            <input type="checkbox" checked={value[key]} onChange={(e) => set(key, e.target.checked)} />
            {label}
          </label>
        ))}
      </div>
      {text('startedAt', 'When it started', 'e.g. 14:05 UTC, right after the deploy')}
      {text('whatChanged', 'What changed', 'deploys, config, traffic, vendors', true)}
    </fieldset>
  );
}
