/** zod building blocks shared by the op schemas and the API contract. */
import { z } from 'zod';
import { HLC_PATTERN } from './hlc';
import { ID_SOURCE, PEER_ID_SOURCE } from './id-patterns';
import { ORIGIN_PATTERN } from './origin';
import { MILESTONES, SEVERITIES, STATUSES } from './domain/incident';
import { IMPACT_SCOPES } from './domain/triage';

export const LIMITS = {
  title: 200,
  summary: 10_000,
  service: 100,
  services: 50,
  displayName: 80,
  /** Milestones and event times before this are surely a typo (2000-01-01). */
  minTime: Date.UTC(2000, 0, 1),
  /** ...and after this too (2200-01-01). */
  maxTime: Date.UTC(2200, 0, 1),
} as const;

export const IdSchema = z
  .string()
  .regex(new RegExp(`^${ID_SOURCE}$`), 'must be 8-64 characters of A-Z, a-z, 0-9, _ or -');
export const PeerIdSchema = z
  .string()
  .regex(new RegExp(`^${PEER_ID_SOURCE}$`), 'must be 1-64 characters of A-Z, a-z, 0-9, _ or -');
/** Who authored a sequence of ops: a peer id, optionally `~` and the incident (see origin.ts). */
export const OriginSchema = z.string().regex(ORIGIN_PATTERN, 'must be an op origin (peer id, optionally ~incident id)');
export const HlcSchema = z.string().regex(HLC_PATTERN, 'must be an HLC timestamp');
export const SeveritySchema = z.enum(SEVERITIES);
export const StatusSchema = z.enum(STATUSES);
export const MilestoneSchema = z.enum(MILESTONES);
export const TimeSchema = z
  .number()
  .int()
  .min(LIMITS.minTime, 'is before the year 2000')
  .max(LIMITS.maxTime, 'is after the year 2200');

export const TitleSchema = z.string().trim().min(1, 'is required').max(LIMITS.title);
export const SummarySchema = z.string().max(LIMITS.summary);
export const ServicesSchema = z.array(z.string().trim().min(1).max(LIMITS.service)).max(LIMITS.services);
export const DisplayNameSchema = z.string().trim().min(1, 'is required').max(LIMITS.displayName);

export const TriageSchema = z
  .object({
    whatIsBroken: z.string().max(2_000),
    scope: z.enum(IMPACT_SCOPES),
    usersAffected: z.string().max(500),
    customerImpact: z.boolean(),
    workaround: z.boolean(),
    dataOrMoneyAtRisk: z.boolean(),
    dataLoss: z.boolean(),
    securityBreach: z.boolean(),
    startedAt: z.string().max(200),
    whatChanged: z.string().max(2_000),
  })
  .strict();

/** Human-readable one-liner for a zod failure: "title: is required; severity: ...". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export const TagsSchema = z.array(z.string().trim().min(1).max(40)).max(20);
