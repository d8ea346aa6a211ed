/**
 * One shared wall-clock tick for every elapsed-time display, aligned to whole seconds so that
 * all clocks on screen change together. Reading Date.now() during render would make components
 * impure; subscribing to this store keeps them pure and re-rendered once a second.
 */
import { useSyncExternalStore } from 'react';

let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function schedule(): void {
  timer = setTimeout(
    () => {
      now = Date.now();
      for (const listener of listeners) listener();
      schedule();
    },
    1_000 - (Date.now() % 1_000),
  );
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) schedule();
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) clearTimeout(timer);
  };
}

/**
 * Without subscribers nothing refreshes `now`, yet React reads the snapshot before it subscribes:
 * refresh it then, truncated to the second so that consecutive reads agree.
 */
const snapshot = (): number => {
  if (listeners.size === 0) {
    const t = Date.now();
    now = t - (t % 1_000);
  }
  return now;
};

export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot);
}
