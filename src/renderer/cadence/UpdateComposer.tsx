/**
 * The update composer: pick a template, get a draft prefilled from the incident and its
 * timeline, edit it, choose the audiences, then post it (a status update in the timeline that
 * restarts the countdown on every console) or copy it for chat or a status page.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { AUDIENCE_LABELS, AUDIENCES, type Audience } from '../../shared/domain/cadence';
import type { Incident } from '../../shared/domain/incident';
import {
  markdownToPlain,
  TEMPLATE_AUDIENCE,
  TEMPLATE_LABELS,
  UPDATE_TEMPLATES,
  type UpdateTemplate,
} from '../../shared/domain/status-update';
import { useApi, useStatus } from '../app/context';
import { Dialog } from '../common/Dialog';
import { copyText } from '../common/clipboard';
import { useCadenceStore } from './hooks';

interface Props {
  readonly incident: Incident;
  readonly onClose: () => void;
}

export function UpdateComposer({ incident, onClose }: Props) {
  const api = useApi();
  const store = useCadenceStore();
  const report = useStatus((s) => s.report);
  const [template, setTemplate] = useState<UpdateTemplate>('internal');
  const [text, setText] = useState('');
  const [loading, setLoading] = useState(true);
  const [audience, setAudience] = useState<ReadonlySet<Audience>>(new Set(['internal']));
  const [posting, setPosting] = useState(false);
  const [notice, setNotice] = useState('');
  const textId = useId();

  useEffect(() => {
    let current = true;
    api.getUpdateDraft({ incidentId: incident.id, template }).then(
      (draft) => {
        if (!current) return;
        setText(draft.markdown);
        setLoading(false);
      },
      (error: unknown) => {
        if (current) setLoading(false);
        report(error);
      },
    );
    return () => {
      current = false;
    };
  }, [api, incident.id, template, report]);

  const choose = (next: UpdateTemplate): void => {
    setLoading(true);
    setTemplate(next);
    setAudience(new Set([TEMPLATE_AUDIENCE[next]]));
  };

  const toggle = (a: Audience, on: boolean): void => {
    const next = new Set(audience);
    if (on) next.add(a);
    else next.delete(a);
    setAudience(next);
  };

  const copy = async (plain: boolean): Promise<void> => {
    try {
      await copyText(plain ? markdownToPlain(text) : text);
      setNotice(plain ? 'Copied as plain text' : 'Copied as Markdown');
    } catch (error) {
      report(error);
    }
  };

  const post = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setPosting(true);
    try {
      const posted = await api.postStatusUpdate({
        incidentId: incident.id,
        text,
        audience: AUDIENCES.filter((a) => audience.has(a)),
        template,
      });
      store.getState().receive(posted.cadence);
      store.getState().settle(incident.id);
      onClose();
    } catch (error) {
      report(error);
      setPosting(false);
    }
  };

  const canPost = !loading && !posting && text.trim() !== '' && audience.size > 0;
  return (
    <Dialog title="Post status update" onClose={onClose} className="composer-dialog">
      <form className="update-composer" onSubmit={(e) => void post(e)}>
        <label className="field">
          <span>Template</span>
          <select value={template} onChange={(e) => choose(e.target.value as UpdateTemplate)} data-autofocus>
            {UPDATE_TEMPLATES.map((t) => (
              <option key={t} value={t}>
                {TEMPLATE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <div className="field">
          <label htmlFor={textId}>Update text</label>
          <textarea
            id={textId}
            rows={16}
            value={text}
            disabled={loading}
            onChange={(e) => setText(e.target.value)}
            spellCheck
          />
        </div>
        <fieldset className="update-composer__audience">
          <legend>Audience</legend>
          {AUDIENCES.map((a) => (
            <label key={a} className="check">
              <input type="checkbox" checked={audience.has(a)} onChange={(e) => toggle(a, e.target.checked)} />
              {AUDIENCE_LABELS[a]}
            </label>
          ))}
        </fieldset>
        <div className="update-composer__buttons">
          <button type="button" className="button" disabled={loading} onClick={() => void copy(false)}>
            Copy as Markdown
          </button>
          <button type="button" className="button" disabled={loading} onClick={() => void copy(true)}>
            Copy as plain text
          </button>
          <span className="update-composer__notice" role="status">
            {notice}
          </span>
          <button type="submit" className="button button--primary" disabled={!canPost}>
            Post update
          </button>
        </div>
      </form>
    </Dialog>
  );
}
