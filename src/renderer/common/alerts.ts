/**
 * Getting loud when something is owed (an update, an uncovered role): a short WebAudio beep and,
 * where allowed, a desktop notification. Both are best effort: a browser without audio or
 * notification permission just shows what the page shows. (The Electron shell denies web
 * permissions and notifies natively instead.)
 */

// The key predates the role reminders, which share the one sound switch.
const SOUND_KEY = 'warroom.cadence.sound';

export function soundEnabled(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) !== 'off';
  } catch {
    return true;
  }
}

export function setSoundEnabled(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

let audio: AudioContext | null = null;

/** Two short tones for "due", three for "overdue" and escalations. */
export function beep(count: number): void {
  if (!soundEnabled() || typeof AudioContext === 'undefined') return;
  try {
    audio ??= new AudioContext();
    // Autoplay rules keep a context suspended until the page had a user gesture; try anyway.
    if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
    const start = audio.currentTime + 0.02;
    for (let i = 0; i < count; i++) {
      const t = start + i * 0.22;
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = 'sine';
      osc.frequency.value = i % 2 === 0 ? 880 : 660;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.25, t + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.16);
      osc.connect(gain).connect(audio.destination);
      osc.start(t);
      osc.stop(t + 0.18);
    }
  } catch {
    // No audio device or a refused context: the banner still says it.
  }
}

export type NotificationAccess = 'granted' | 'denied' | 'default' | 'unsupported';

export function notificationAccess(): NotificationAccess {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export async function requestNotifications(): Promise<NotificationAccess> {
  if (typeof Notification === 'undefined') return 'unsupported';
  try {
    return await Notification.requestPermission();
  } catch {
    return Notification.permission;
  }
}

/** A desktop notification, where permitted; `tag` replaces an earlier one instead of stacking. */
export function notifyDesktop(title: string, body: string, tag: string): void {
  if (notificationAccess() !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => window.focus();
  } catch {
    // Some platforms only allow notifications from a service worker.
  }
}
