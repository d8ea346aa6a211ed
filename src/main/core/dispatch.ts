/**
 * The request boundary shared by the services: validate a method's arguments against its
 * contract schema, run it, and turn any failure into an envelope instead of a throw; and the
 * event fan-out, where one bad listener must not starve the rest.
 */
import type { z } from 'zod';
import { WarroomError, type Envelope, type EventName, type EventPayloads } from '../../shared/api';
import { describeZodError } from '../../shared/schemas';
import type { Logger } from './log';
import type { EventListener } from './service';

/** Parses `args` (absent means `{}`) or throws `invalid_argument` naming the method. */
export function parseArgs<S extends z.ZodType>(schema: S, method: string, args: unknown): z.output<S> {
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    throw new WarroomError('invalid_argument', `Invalid arguments for ${method}: ${describeZodError(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Runs a synchronous call and wraps its outcome. A WarroomError is an expected refusal (warned,
 * its code kept); anything else is a bug (logged with its stack, reported as `internal`).
 * `label` prefixes the log messages so the two services stay distinguishable in the log.
 */
export function toEnvelope(log: Logger, label: string, method: string, call: () => unknown): Envelope<unknown> {
  try {
    return { ok: true, value: call() };
  } catch (err) {
    if (err instanceof WarroomError) {
      log.warn(`${label} refused`, { method, code: err.code, error: err.message });
      return { ok: false, error: { code: err.code, message: err.message } };
    }
    log.error(`${label} failed`, { method, error: (err as Error).stack ?? String(err) });
    return {
      ok: false,
      error: { code: 'internal', message: `Internal error in ${method}: ${(err as Error).message}` },
    };
  }
}

/** Delivers an event to every listener; one that throws is logged and does not stop the others. */
export function emitTo<E extends EventName>(
  listeners: Iterable<EventListener>,
  log: Logger,
  event: E,
  payload: EventPayloads[E],
): void {
  for (const listener of listeners) {
    try {
      listener(event, payload);
    } catch (err) {
      log.error('event listener failed', { event, error: (err as Error).message });
    }
  }
}
