/** A short-lived note at the bottom of the pane, with at most one action (Undo). */
import { useEffect, useRef } from 'react';

export interface ToastMessage {
  readonly id: number;
  readonly text: string;
  readonly action?: { readonly label: string; readonly run: () => void };
}

/** Long enough to reach for Undo under pressure. */
const TOAST_MS = 10_000;

export function Toast({ toast, onDone }: { readonly toast: ToastMessage; readonly onDone: () => void }) {
  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    const timer = setTimeout(() => done.current(), TOAST_MS);
    return () => clearTimeout(timer);
  }, [toast.id]);
  return (
    <div className="toast" role="status">
      <span>{toast.text}</span>
      {toast.action && (
        <button
          type="button"
          className="button button--small"
          onClick={() => {
            toast.action?.run();
            done.current();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => done.current()}>
        ✕
      </button>
    </div>
  );
}
