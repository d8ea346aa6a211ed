/** "Export postmortem": the service drafts blameless Markdown from the incident; we save it. */
import { useState } from 'react';
import { useApi, useStatus } from '../app/context';
import { downloadText } from '../common/download';

export function ExportPostmortem({ incidentId }: { readonly incidentId: string }) {
  const api = useApi();
  const report = useStatus((s) => s.report);
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);

  const exportDraft = async (): Promise<void> => {
    setBusy(true);
    try {
      const draft = await api.exportPostmortem({ incidentId });
      downloadText(draft.fileName, draft.markdown, 'text/markdown;charset=utf-8');
      setSaved(`Saved ${draft.fileName}`);
    } catch (error) {
      report(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="postmortem-export">
      <button type="button" className="button button--small" disabled={busy} onClick={() => void exportDraft()}>
        Export postmortem
      </button>
      <span className="region__meta" role="status">
        {saved}
      </span>
    </div>
  );
}
