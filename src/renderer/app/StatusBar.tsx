/** The top bar: what this console is connected to, the one primary action, and the alert region. */
import { ProfileButton } from '../profile/ProfileButton';
import { useStatus } from './context';

const CONNECTION_LABELS = {
  connecting: 'Connecting',
  connected: 'Connected',
  disconnected: 'Offline',
  unauthorized: 'Access denied',
} as const;

export function TopBar({ onDeclare }: { readonly onDeclare: () => void }) {
  const connection = useStatus((s) => s.connection);
  return (
    <header className="topbar">
      <h1 className="topbar__brand">Warroom</h1>
      <span className={`connection connection--${connection.state}`} role="status">
        {CONNECTION_LABELS[connection.state]}
      </span>
      <div className="topbar__spacer" />
      <ProfileButton />
      <button
        type="button"
        className="button button--primary"
        aria-keyshortcuts="N"
        disabled={connection.state !== 'connected'}
        onClick={onDeclare}
      >
        Declare incident <kbd aria-hidden="true">N</kbd>
      </button>
    </header>
  );
}

/**
 * One assertive live region, always in the document so screen readers pick up what lands in it:
 * the latest service error, and a refused or lost connection.
 */
export function Alerts() {
  const error = useStatus((s) => s.error);
  const dismiss = useStatus((s) => s.dismiss);
  const connection = useStatus((s) => s.connection);
  const connectionProblem =
    connection.state === 'connected' || connection.state === 'connecting' ? null : connection.message;
  return (
    <div role="alert" className="alerts">
      {connectionProblem && <p className="alert alert--connection">{connectionProblem}</p>}
      {error && (
        <p className="alert alert--error">
          <span>{error}</span>
          <button type="button" className="button button--small button--ghost" onClick={dismiss}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
