/**
 * The shape every front door (Electron IPC, the web bridge, the CLI) uses to reach the service.
 * Arguments arrive as `unknown` and are validated against the contract inside `handle`.
 */
import type { Envelope, EventName, EventPayloads } from '../../shared/api';

export type EventListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

export interface WarroomService {
  /** Validate and run one contract method; never throws, always resolves to an envelope. */
  handle(method: string, args: unknown): Promise<Envelope<unknown>>;
  /** Subscribe to every contract event; returns the unsubscribe function. */
  subscribe(listener: EventListener): () => void;
  close(): void;
}
