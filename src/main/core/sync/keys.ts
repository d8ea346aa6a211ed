/**
 * Room keys and the proofs built from them. The key never crosses the wire: each side proves it
 * knows the key with an HMAC over both nonces and both identities, each proof labelled with its
 * direction so one side's proof can never be reflected back as the other's.
 */
import crypto from 'node:crypto';

/** A fresh 128-bit room key, base64url (22 characters). */
export function newRoomKey(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/** 128 bits of randomness for one challenge. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString('base64url');
}

/**
 * The room id is derived from the key: reusing a key (`--room-key`) reproduces the whole link, and
 * the id reveals nothing about the key (one-way, and a different HMAC label than any proof).
 */
export function roomIdFor(roomKey: string): string {
  return hmac(roomKey, ['warroom-sync room-id']).slice(0, 16);
}

export interface ProofInput {
  readonly roomId: string;
  readonly serverNonce: string;
  readonly clientNonce: string;
  /** The joining peer. */
  readonly clientPeerId: string;
}

/** What a joiner sends in its handshake. */
export function clientProof(roomKey: string, p: ProofInput): string {
  return hmac(roomKey, ['warroom-sync/1 client', p.roomId, p.serverNonce, p.clientNonce, p.clientPeerId]);
}

/** What the host answers with, so the joiner knows it reached a holder of the key before sending ops. */
export function serverProof(roomKey: string, p: ProofInput & { readonly hostPeerId: string }): string {
  return hmac(roomKey, ['warroom-sync/1 server', p.roomId, p.serverNonce, p.clientNonce, p.clientPeerId, p.hostPeerId]);
}

/** Constant-time comparison of a received proof with the expected one. */
export function proofMatches(expected: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(candidate, 'utf8');
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

function hmac(roomKey: string, parts: readonly string[]): string {
  // Keyed by the key's text, not its decoded bytes: the last of 22 base64url characters carries
  // only 2 bits, so decoding would let links differing in that character open the same room.
  // Fields are validated to exclude '\n', so joining with it is unambiguous.
  return crypto.createHmac('sha256', Buffer.from(roomKey, 'utf8')).update(parts.join('\n')).digest('base64url');
}
