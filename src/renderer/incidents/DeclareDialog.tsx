/**
 * "Declare incident": title and severity are all it takes; the triage checklist beside them
 * suggests a severity for the hesitant. Errors stay inside the dialog, where focus is.
 */
import { useId, useRef, useState, type FormEvent } from 'react';
import { SEVERITIES, type Severity } from '../../shared/domain/incident';
import { EMPTY_TRIAGE, suggestSeverity, type TriageAnswers } from '../../shared/domain/triage';
import { useIncidents } from '../app/context';
import { errorMessage } from '../app/status-store';
import { Dialog } from '../common/Dialog';
import { fromDateTimeLocal, parseList } from '../common/format';
import { severityOptionLabel } from './badges';
import { TriageChecklist } from './TriageChecklist';

interface Form {
  readonly title: string;
  readonly severity: Severity | '';
  readonly summary: string;
  readonly services: string;
  readonly impactStartedAt: string;
  readonly triage: TriageAnswers;
}

const EMPTY_FORM: Form = {
  title: '',
  severity: '',
  summary: '',
  services: '',
  impactStartedAt: '',
  triage: EMPTY_TRIAGE,
};

export function DeclareDialog({ onClose }: { readonly onClose: () => void }) {
  const declare = useIncidents((s) => s.declare);
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleRef = useRef<HTMLInputElement>(null);
  const severityRef = useRef<HTMLSelectElement>(null);
  const id = useId();
  const suggestion = suggestSeverity(form.triage);
  const update = (patch: Partial<Form>): void => setForm((f) => ({ ...f, ...patch }));

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (form.title.trim() === '') {
      setProblem('Give the incident a title.');
      titleRef.current?.focus();
      return;
    }
    if (form.severity === '') {
      setProblem('Choose a severity (the triage checklist can suggest one).');
      severityRef.current?.focus();
      return;
    }
    const impactStartedAt = fromDateTimeLocal(form.impactStartedAt);
    const triageAnswered = Object.entries(form.triage).some(([k, v]) => EMPTY_TRIAGE[k as keyof TriageAnswers] !== v);
    setBusy(true);
    try {
      await declare({
        title: form.title.trim(),
        severity: form.severity,
        ...(form.summary.trim() ? { summary: form.summary.trim() } : {}),
        ...(form.services.trim() ? { services: parseList(form.services) } : {}),
        ...(impactStartedAt !== null ? { impactStartedAt } : {}),
        ...(triageAnswered ? { triage: form.triage } : {}),
      });
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Declare incident" onClose={onClose} className="dialog--declare">
      <form className="declare" onSubmit={(e) => void submit(e)} noValidate>
        <div className="declare__main">
          <div className="field">
            <label htmlFor={`${id}-title`}>Title</label>
            <input
              id={`${id}-title`}
              ref={titleRef}
              data-autofocus
              required
              maxLength={200}
              placeholder="e.g. Checkout 500s"
              value={form.title}
              onChange={(e) => update({ title: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-severity`}>Severity</label>
            <select
              id={`${id}-severity`}
              ref={severityRef}
              required
              value={form.severity}
              onChange={(e) => update({ severity: e.target.value as Severity })}
            >
              <option value="" disabled>
                Choose…
              </option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {severityOptionLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="suggestion" aria-live="polite">
            <p id={`${id}-suggestion`}>
              {suggestion ? (
                <>
                  Suggested: <strong>{severityOptionLabel(suggestion.severity)}</strong> ({suggestion.reason})
                </>
              ) : (
                'Answer the triage checklist for a suggested severity.'
              )}
            </p>
            <button
              type="button"
              className="button"
              aria-describedby={`${id}-suggestion`}
              disabled={!suggestion || suggestion.severity === form.severity}
              onClick={() => suggestion && update({ severity: suggestion.severity })}
            >
              Apply suggested severity
            </button>
          </div>
          <div className="field">
            <label htmlFor={`${id}-summary`}>Summary (optional)</label>
            <textarea
              id={`${id}-summary`}
              rows={3}
              value={form.summary}
              onChange={(e) => update({ summary: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-services`}>Services (comma-separated)</label>
            <input
              id={`${id}-services`}
              placeholder="checkout, payments-api"
              value={form.services}
              onChange={(e) => update({ services: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-impact`}>Impact started at (optional, local time)</label>
            <input
              id={`${id}-impact`}
              type="datetime-local"
              step={1}
              value={form.impactStartedAt}
              onChange={(e) => update({ impactStartedAt: e.target.value })}
            />
          </div>
        </div>
        <TriageChecklist value={form.triage} onChange={(triage) => update({ triage })} />
        <div className="declare__footer">
          <div role="alert" className="inline-alert">
            {problem}
          </div>
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            Declare
          </button>
        </div>
      </form>
    </Dialog>
  );
}
