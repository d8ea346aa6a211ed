/**
 * Title, summary and services. Edits are a local draft until saved, so an update arriving from
 * another participant never overwrites what is being typed; untouched fields follow it live.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Incident } from '../../shared/domain/incident';
import { useIncidents } from '../app/context';
import { parseList } from '../common/format';

interface Draft {
  readonly title?: string;
  readonly summary?: string;
  readonly services?: string;
}

export function DetailsEditor({ incident }: { readonly incident: Incident }) {
  const edit = useIncidents((s) => s.edit);
  const [draft, setDraft] = useState<Draft>({});
  const id = useId();

  const title = draft.title ?? incident.title;
  const summary = draft.summary ?? incident.summary;
  const services = draft.services ?? incident.services.join(', ');
  const changes = {
    ...(title.trim() !== incident.title ? { title: title.trim() } : {}),
    ...(summary !== incident.summary ? { summary } : {}),
    ...(parseList(services).join('\n') !== incident.services.join('\n') ? { services: parseList(services) } : {}),
  };
  const dirty = Object.keys(changes).length > 0;

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (!dirty) return;
    if (await edit({ id: incident.id, ...changes })) setDraft({});
  }

  return (
    <form className="details" aria-label="Incident details" onSubmit={(e) => void save(e)}>
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          maxLength={200}
          value={title}
          onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-services`}>Services</label>
        <input
          id={`${id}-services`}
          placeholder="comma-separated"
          value={services}
          onChange={(e) => setDraft((d) => ({ ...d, services: e.target.value }))}
        />
      </div>
      <div className="field field--wide">
        <label htmlFor={`${id}-summary`}>Summary</label>
        <textarea
          id={`${id}-summary`}
          rows={3}
          value={summary}
          onChange={(e) => setDraft((d) => ({ ...d, summary: e.target.value }))}
        />
      </div>
      <div className="details__actions">
        <button type="submit" className="button button--primary" disabled={!dirty}>
          Save details
        </button>
        <button type="button" className="button button--ghost" disabled={!dirty} onClick={() => setDraft({})}>
          Discard changes
        </button>
      </div>
    </form>
  );
}
