/** The top bar's "You: NAME" button: who this console writes as, and the way to change it. */
import { useState } from 'react';
import { useApi } from '../app/context';
import { ProfileDialog } from './ProfileDialog';
import { useProfile } from './useProfile';
import './profile.css';

export function ProfileButton() {
  const profile = useProfile(useApi());
  const [open, setOpen] = useState(false);
  if (!profile) return null;
  return (
    <>
      <button
        type="button"
        className={profile.named ? 'button profile-button' : 'button profile-button profile-button--unnamed'}
        aria-haspopup="dialog"
        onClick={() => setOpen(true)}
      >
        You: {profile.displayName}
        {!profile.named && <span className="muted"> · set your name</span>}
      </button>
      {open && <ProfileDialog profile={profile} onClose={() => setOpen(false)} />}
    </>
  );
}
