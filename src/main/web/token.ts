/** The per-run access token of the browser bridge. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe so it can ride in the console URL's query unescaped. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Constant-time comparison. Both sides are hashed first so that the comparison time depends on
 * neither the length nor the content of what the client sent.
 */
export function tokenMatches(candidate: unknown, expected: string): boolean {
  if (typeof candidate !== 'string') return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(candidate), digest(expected));
}
