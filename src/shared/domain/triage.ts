/** The triage checklist of the declare dialog and the severity it suggests. */
import type { Severity } from './incident';

export const IMPACT_SCOPES = ['complete_outage', 'many_blocked', 'few_with_workaround', 'cosmetic', 'unknown'] as const;
export type ImpactScope = (typeof IMPACT_SCOPES)[number];

export const IMPACT_SCOPE_LABELS: Record<ImpactScope, string> = {
  complete_outage: 'Complete outage',
  many_blocked: 'Many users cannot complete critical tasks',
  few_with_workaround: 'Few users, a workaround exists',
  cosmetic: 'Cosmetic / no user impact',
  unknown: 'Not known yet',
};

export interface TriageAnswers {
  readonly whatIsBroken: string;
  readonly scope: ImpactScope;
  readonly usersAffected: string;
  readonly customerImpact: boolean;
  readonly workaround: boolean;
  readonly dataOrMoneyAtRisk: boolean;
  readonly dataLoss: boolean;
  readonly securityBreach: boolean;
  readonly startedAt: string;
  readonly whatChanged: string;
}

export const EMPTY_TRIAGE: TriageAnswers = {
  whatIsBroken: '',
  scope: 'unknown',
  usersAffected: '',
  customerImpact: false,
  workaround: false,
  dataOrMoneyAtRisk: false,
  dataLoss: false,
  securityBreach: false,
  startedAt: '',
  whatChanged: '',
};

export interface SeveritySuggestion {
  readonly severity: Severity;
  readonly reason: string;
}

/** Suggest a level from the answers; null when nothing answered yet says anything about impact. */
export function suggestSeverity(a: TriageAnswers): SeveritySuggestion | null {
  if (a.scope === 'complete_outage') return { severity: 'SEV1', reason: 'complete outage' };
  if (a.dataLoss) return { severity: 'SEV1', reason: 'data loss' };
  if (a.securityBreach) return { severity: 'SEV1', reason: 'security breach' };
  if (a.scope === 'many_blocked' && !a.workaround) {
    return { severity: 'SEV2', reason: 'many users blocked on critical tasks, no workaround' };
  }
  if (a.dataOrMoneyAtRisk) return { severity: 'SEV2', reason: 'revenue or data at risk' };
  if (a.scope === 'many_blocked') return { severity: 'SEV3', reason: 'many users affected but a workaround exists' };
  if (a.scope === 'few_with_workaround') return { severity: 'SEV3', reason: 'few users, workaround exists' };
  if (a.scope === 'cosmetic') return { severity: 'SEV4', reason: 'cosmetic' };
  return null;
}
