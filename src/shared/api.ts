/**
 * THE contract between the renderer and the service. Main (IPC handlers), preload
 * (window.warroom), the web bridge (socket.io) and the renderer all derive from this file.
 *
 * Every method takes one argument object validated by its zod schema at the boundary, and
 * resolves to an envelope so that error codes and messages survive IPC and socket transport.
 */
import type { z } from 'zod';
import { cadenceMethods, type CadenceEvents, type CadenceResults } from './contract/cadence';
import { incidentMethods, type IncidentEvents, type IncidentResults } from './contract/incidents';
import { syncMethods, type SyncEvents, type SyncResults } from './contract/sync';
import { postmortemMethods, type PostmortemResults } from './contract/postmortem';
import { roleMethods, type RoleEvents, type RoleResults } from './contract/roles';
import { terminalMethods, type TerminalEvents, type TerminalResults } from './contract/terminal';
import { timelineMethods, type TimelineEvents, type TimelineResults } from './contract/timeline';

export type { Profile } from './contract/incidents';

/** Argument schemas of every method; each feature contributes its own module under contract/. */
export const methodSchemas = {
  ...incidentMethods,
  ...syncMethods,
  ...timelineMethods,
  ...postmortemMethods,
  ...cadenceMethods,
  ...roleMethods,
  ...terminalMethods,
} as const satisfies Record<string, z.ZodType>;

export type MethodName = keyof typeof methodSchemas;
export const METHOD_NAMES = Object.keys(methodSchemas) as MethodName[];

/** What each method resolves to. */
export interface MethodResults
  extends
    IncidentResults,
    TimelineResults,
    PostmortemResults,
    CadenceResults,
    RoleResults,
    SyncResults,
    TerminalResults {}

export type MethodArgs<M extends MethodName> = z.input<(typeof methodSchemas)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methodSchemas)[M]>;

/** Events pushed from the service to every connected renderer. */
export interface EventPayloads
  extends IncidentEvents, TimelineEvents, CadenceEvents, RoleEvents, SyncEvents, TerminalEvents {}
export type EventName = keyof EventPayloads;
const eventNames: Record<EventName, true> = {
  syncStatusChanged: true,
  presenceChanged: true,
  incidentChanged: true,
  profileChanged: true,
  timelineChanged: true,
  cadenceAlert: true,
  roleBoardChanged: true,
  terminalData: true,
  terminalChanged: true,
  terminalExit: true,
  commandRecorded: true,
  runbookStepMarked: true,
};
export const EVENT_NAMES = Object.keys(eventNames) as EventName[];

export const ERROR_CODES = ['invalid_argument', 'not_found', 'unknown_method', 'unauthorized', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type Envelope<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: ErrorCode; readonly message: string } };

/** An error with a code that crosses the contract intact. */
export class WarroomError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WarroomError';
  }
}

/** What window.warroom exposes: one method per operation, plus event subscription. */
export type WarroomApi = {
  readonly [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResults[M]>;
} & {
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => () => void;
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methodSchemas, name);
}

/** IPC channel names carry a prefix so nothing else can be reached through the bridge. */
export const IPC_PREFIX = 'warroom:';
export const IPC_EVENT_CHANNEL = 'warroom:event';

/** Socket.io namespace of the browser bridge in `warroom serve --ui`. */
export const WEB_NAMESPACE = '/api';

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new WarroomError(envelope.error.code, envelope.error.message);
}
