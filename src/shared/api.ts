/**
 * THE contract between the renderer and the service. Main (IPC handlers), preload
 * (window.warroom), the web bridge (socket.io) and the renderer all derive from this file.
 *
 * Every method takes one argument object validated by its zod schema at the boundary, and
 * resolves to an envelope so that error codes and messages survive IPC and socket transport.
 */
import { z } from 'zod';
import type { Incident, IncidentSummary } from './domain/incident';
import {
  DisplayNameSchema,
  IdSchema,
  MilestoneSchema,
  ServicesSchema,
  SeveritySchema,
  StatusSchema,
  SummarySchema,
  TimeSchema,
  TitleSchema,
  TriageSchema,
} from './schemas';

export interface Profile {
  readonly peerId: string;
  readonly displayName: string;
}

const NoArgs = z.object({}).strict();
const IncidentRef = z.object({ id: IdSchema }).strict();

export const methodSchemas = {
  getProfile: NoArgs,
  setProfile: z.object({ displayName: DisplayNameSchema }).strict(),
  listIncidents: NoArgs,
  getIncident: IncidentRef,
  declareIncident: z
    .object({
      title: TitleSchema,
      severity: SeveritySchema,
      summary: SummarySchema.optional(),
      services: ServicesSchema.optional(),
      impactStartedAt: TimeSchema.nullable().optional(),
      triage: TriageSchema.optional(),
    })
    .strict(),
  changeSeverity: z.object({ id: IdSchema, severity: SeveritySchema }).strict(),
  changeStatus: z.object({ id: IdSchema, status: StatusSchema }).strict(),
  editIncident: z
    .object({
      id: IdSchema,
      title: TitleSchema.optional(),
      summary: SummarySchema.optional(),
      services: ServicesSchema.optional(),
    })
    .strict()
    .refine((a) => a.title !== undefined || a.summary !== undefined || a.services !== undefined, {
      message: 'nothing to change: give title, summary or services',
    }),
  setMilestone: z
    .object({ id: IdSchema, milestone: MilestoneSchema, at: TimeSchema.nullable() })
    .strict(),
} as const satisfies Record<string, z.ZodType>;

export type MethodName = keyof typeof methodSchemas;
export const METHOD_NAMES = Object.keys(methodSchemas) as MethodName[];

export interface MethodResults {
  getProfile: Profile;
  setProfile: Profile;
  listIncidents: IncidentSummary[];
  getIncident: Incident;
  declareIncident: Incident;
  changeSeverity: Incident;
  changeStatus: Incident;
  editIncident: Incident;
  setMilestone: Incident;
}

export type MethodArgs<M extends MethodName> = z.input<(typeof methodSchemas)[M]>;
export type ParsedArgs<M extends MethodName> = z.output<(typeof methodSchemas)[M]>;

/** Events pushed from the service to every connected renderer. */
export interface EventPayloads {
  incidentChanged: Incident;
  profileChanged: Profile;
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = ['incidentChanged', 'profileChanged'];

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
