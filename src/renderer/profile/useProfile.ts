/** The profile of this console (name on entries and on the role board), kept current. */
import { useEffect, useState } from 'react';
import type { Profile, WarroomApi } from '../../shared/api';

export function useProfile(api: WarroomApi): Profile | null {
  const [profile, setProfile] = useState<Profile | null>(null);
  useEffect(() => {
    let live = true;
    api.getProfile({}).then(
      (p) => live && setProfile(p),
      () => {}, // the connection's own error is already shown; profileChanged catches up
    );
    const off = api.on('profileChanged', setProfile);
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return profile;
}
