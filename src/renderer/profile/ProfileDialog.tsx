/**
 * Who this console's user is: the display name on their entries and on role boards, and the
 * chat handle and contact (phone, pager) the IC needs to reach them. Saved locally; the
 * incidents this console is in pick the change up with its next write.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Profile } from '../../shared/api';
import { useApi, useStatus } from '../app/context';
import { Dialog } from '../common/Dialog';

export function ProfileDialog({ profile, onClose }: { readonly profile: Profile; readonly onClose: () => void }) {
  const api = useApi();
  const id = useId();
  const report = useStatus((s) => s.report);
  const [displayName, setDisplayName] = useState(profile.named ? profile.displayName : '');
  const [handle, setHandle] = useState(profile.handle ?? '');
  const [contact, setContact] = useState(profile.contact ?? '');
  const [saving, setSaving] = useState(false);

  async function save(event: FormEvent): Promise<void> {
    event.preventDefault();
    setSaving(true);
    try {
      await api.setProfile({ displayName: displayName.trim(), handle: handle.trim(), contact: contact.trim() });
      onClose();
    } catch (error) {
      report(error);
      setSaving(false);
    }
  }

  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form className="profile-form" onSubmit={(e) => void save(e)}>
        <div className="field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input
            id={`${id}-name`}
            data-autofocus
            required
            maxLength={80}
            value={displayName}
            placeholder={profile.displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-handle`}>Handle (optional, e.g. @dana)</label>
          <input id={`${id}-handle`} maxLength={80} value={handle} onChange={(e) => setHandle(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-contact`}>Contact (optional: phone, pager)</label>
          <input id={`${id}-contact`} maxLength={200} value={contact} onChange={(e) => setContact(e.target.value)} />
        </div>
        <p className="muted">Shown on your timeline entries and on the role board of every incident you are in.</p>
        <div className="profile-form__actions">
          <button type="button" className="button button--ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={saving || !displayName.trim()}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
