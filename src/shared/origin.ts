/**
 * Op origins. Every (console, incident) pair authors its own contiguous sequence of ops, named
 * `PEER~INCIDENT`: a room shares incidents, not consoles, and per-incident origins keep each
 * room's slice of the log contiguous, so version vectors, digests and catch-up scans work per
 * room unchanged. Origins without `~` are ops written before rooms were scoped (one sequence per
 * console); they stay shared with every room. See docs/sync.md.
 */
import { ID_SOURCE, PEER_ID_SOURCE } from './id-patterns';

/** A peer id, optionally followed by `~` and an incident id. */
export const ORIGIN_SOURCE = `${PEER_ID_SOURCE}(?:~${ID_SOURCE})?`;
export const ORIGIN_PATTERN = new RegExp(`^${ORIGIN_SOURCE}$`);

/** The origin under which this console writes the ops of one incident. */
export function originFor(peerId: string, incidentId: string): string {
  return `${peerId}~${incidentId}`;
}

/** The incident an origin writes to, or null for a console-wide (legacy) origin. */
export function incidentOfOrigin(origin: string): string | null {
  const i = origin.indexOf('~');
  return i < 0 ? null : origin.slice(i + 1);
}

/** The console that authors an origin's ops. */
export function peerOfOrigin(origin: string): string {
  const i = origin.indexOf('~');
  return i < 0 ? origin : origin.slice(0, i);
}
