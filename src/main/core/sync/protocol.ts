/**
 * The peer-to-peer sync protocol: HTTP paths, socket.io events and the zod schema of every
 * payload. Nothing received from a peer is used before it passes one of these (ops themselves
 * are checked one by one with OpSchema in Warroom.applyRemote). See docs/sync.md.
 */
import { z } from 'zod';
import { DisplayNameSchema, IdSchema, OriginSchema, PeerIdSchema } from '../../../shared/schemas';
import { RoomIdSchema } from '../../../shared/sync/link';

/**
 * Bumped on any incompatible change, including new op kinds older peers would reject.
 * 3: scanned ops may carry their body as the sender's stored text (`bodyText`, see inflateOp).
 * 4: a room shares only its incidents: origins per (console, incident), incident lists in the
 *    hello, `share` messages.
 */
export const PROTOCOL_VERSION = 4;

export const SYNC_BASE_PATH = '/warroom-sync/v1';
/** GET: a fresh single-use challenge for the next handshake. */
export const NONCE_PATH = `${SYNC_BASE_PATH}/nonce`;
export const SOCKET_PATH = `${SYNC_BASE_PATH}/socket.io`;

/** Ops per message, in both directions. */
export const MAX_BATCH = 500;
/**
 * Largest socket.io message. Senders cut batches at about 2 MB of JSON; the limit leaves room
 * for one op of the largest legal size (a timeline entry with its text and data record).
 */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** Peers listed in one roster message. */
const MAX_PEERS = 10_000;
/** Origins in one vector or digest: one per (console, incident) of the room. */
const MAX_ORIGINS = 200_000;
/** Incidents named in one hello or share. */
const MAX_INCIDENTS = 50_000;

export const EVENTS = {
  hello: 'hello',
  ready: 'ready',
  ops: 'ops',
  push: 'push',
  digest: 'digest',
  roster: 'roster',
  share: 'share',
} as const;

const NonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be a nonce');
const ProofSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be an HMAC-SHA256 proof');
const SeqSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const RoleSchema = z.string().trim().min(1).max(80).nullable();

export const VersionVectorSchema = z
  .record(OriginSchema, SeqSchema)
  .refine((v) => Object.keys(v).length <= MAX_ORIGINS, 'too many origins');
const IncidentListSchema = z.array(IdSchema).max(MAX_INCIDENTS);

/** Answer of GET NONCE_PATH. */
export const NonceResponseSchema = z.object({ protocol: z.number().int(), nonce: NonceSchema }).strict();

/** socket.io handshake `auth` of a joiner. */
export const JoinAuthSchema = z
  .object({
    protocol: z.literal(PROTOCOL_VERSION),
    roomId: RoomIdSchema,
    peerId: PeerIdSchema,
    serverNonce: NonceSchema,
    clientNonce: NonceSchema,
    proof: ProofSchema,
  })
  .strict();
export type JoinAuth = z.infer<typeof JoinAuthSchema>;

const IdentitySchema = z.object({ name: DisplayNameSchema, role: RoleSchema }).strict();

/** joiner -> host, with ack: who I am, and what I hold of the room (its incidents and their origins). */
export const HelloSchema = IdentitySchema.extend({ vv: VersionVectorSchema, incidents: IncidentListSchema }).strict();
export type Hello = z.infer<typeof HelloSchema>;

/** Ack of hello: the host's identity, holdings and its proof of the key. */
export const HelloAckSchema = IdentitySchema.extend({
  peerId: PeerIdSchema,
  vv: VersionVectorSchema,
  incidents: IncidentListSchema,
  proof: ProofSchema,
}).strict();
export type HelloAck = z.infer<typeof HelloAckSchema>;

/**
 * Either direction: `ops` with ack, `push` (fresh ops, steady state) without. Items are validated
 * one by one by the receiving service, after inflateOp.
 */
export const OpsBatchSchema = z.object({ ops: z.array(z.unknown()).min(1).max(MAX_BATCH) }).strict();
export type OpsBatch = z.infer<typeof OpsBatchSchema>;

/** Ack of a batch: the receiver's version vector for the origins in the batch. */
export const OpsAckSchema = z.object({ vv: VersionVectorSchema, rejected: z.number().int().min(0) }).strict();
export type OpsAck = z.infer<typeof OpsAckSchema>;

export const DigestRequestSchema = z.object({}).strict();

export const OriginDigestSchema = z
  .object({
    vv: SeqSchema,
    count: SeqSchema,
    max: SeqSchema,
    hash: z.string().regex(/^[0-9a-f]{16}$/),
  })
  .strict();
export type WireOriginDigest = z.infer<typeof OriginDigestSchema>;

/** Ack of a digest request: per origin, contiguous prefix, count, highest seq and XOR hash. */
export const DigestResponseSchema = z
  .object({ origins: z.record(OriginSchema, OriginDigestSchema) })
  .strict()
  .refine((d) => Object.keys(d.origins).length <= MAX_ORIGINS, 'too many origins');
export type DigestResponse = z.infer<typeof DigestResponseSchema>;

export const RosterEntrySchema = IdentitySchema.extend({
  peerId: PeerIdSchema,
  /** Links between the sender and this peer: 0 is the sender itself. */
  hops: z.number().int().min(0).max(64),
  lastSeen: z.number().int().min(0),
  state: z.enum(['connected', 'reconnecting', 'offline']),
}).strict();
export type RosterEntry = z.infer<typeof RosterEntrySchema>;

/** Either direction, no ack: who the sender can reach. */
export const RosterSchema = z.object({ peers: z.array(RosterEntrySchema).max(MAX_PEERS) }).strict();

/**
 * Either direction, no ack: incidents newly shared into the room, with the sender's vector over
 * their origins (so the receiver sends only what the sender lacks).
 */
export const ShareSchema = z.object({ incidents: IncidentListSchema.min(1), vv: VersionVectorSchema }).strict();

/** Refusal codes a host attaches to handshake errors (`err.data.code`). */
export const REFUSAL_CODES = [
  'bad_key',
  'wrong_room',
  'protocol',
  'self',
  'locked',
  'stale_nonce',
  'bad_request',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];
/** Refusals that retrying cannot fix: the joiner stops and shows the reason. */
export const FINAL_REFUSALS: ReadonlySet<RefusalCode> = new Set(['bad_key', 'wrong_room', 'protocol', 'self']);

export const RefusalDataSchema = z
  .object({ code: z.enum(REFUSAL_CODES), retryAfterMs: z.number().int().min(0).optional() })
  .strict();

/**
 * An op as sent: its body either as an object or, from a log scan, as the text the sender
 * stores for it (`bodyText`: canonical JSON, passed on unparsed). The body text is parsed here;
 * anything else, including text that is not JSON, is left as it came, for OpSchema to reject
 * with the reason (an unrecognized key, a missing body).
 */
export function inflateOp(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const { bodyText, ...rest } = item as Record<string, unknown>;
  if (typeof bodyText !== 'string' || 'body' in rest) return item;
  try {
    return { ...rest, body: JSON.parse(bodyText) as unknown };
  } catch {
    return item;
  }
}
