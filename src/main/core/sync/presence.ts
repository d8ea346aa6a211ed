/**
 * Who is in the room, as far as this peer can tell: its direct links, and the peers those links
 * report in their rosters (each roster lists what its sender reaches, minus what it learned from
 * us: split horizon). Entries further than HOP_LIMIT links are dropped, which also ends stale
 * entries circulating in a cyclic topology. Pure, so it is tested without sockets.
 */
import type { PresencePeer } from '../../../shared/contract/sync';
import type { RosterEntry } from './protocol';

export const HOP_LIMIT = 8;

export interface DirectLink {
  readonly peerId: string;
  readonly name: string;
  readonly role: string | null;
  readonly via: 'host' | 'join';
  readonly lastSeen: number;
  readonly roster: readonly RosterEntry[];
}

/** A direct peer we lost: shown offline / reconnecting until forgotten. */
export interface LostPeer {
  readonly peerId: string;
  readonly name: string;
  readonly role: string | null;
  readonly via: 'host' | 'join';
  readonly state: 'reconnecting' | 'offline';
  readonly lastSeen: number;
}

export function computePresence(
  selfId: string,
  links: readonly DirectLink[],
  lost: readonly LostPeer[],
  now: number,
  /** Leave out what this link told us (for the roster we send back to it). */
  exclude?: DirectLink,
): PresencePeer[] {
  const out = new Map<string, PresencePeer>();
  for (const l of links) {
    if (l.peerId === selfId) continue;
    const prev = out.get(l.peerId);
    if (prev && prev.lastSeen >= l.lastSeen) continue;
    // The handshake gave the peer's name and role as they were then; its latest roster lists
    // itself (hops 0) as it is now: renamed, or holding other roles.
    const current = l.roster.find((e) => e.peerId === l.peerId && e.hops === 0);
    out.set(l.peerId, {
      peerId: l.peerId,
      displayName: current?.name ?? l.name,
      role: current ? current.role : l.role,
      state: 'connected',
      lastSeen: now,
      hops: 1,
      via: l.via,
    });
  }
  for (const l of links) {
    if (l === exclude) continue;
    for (const e of l.roster) {
      const hops = e.hops + 1;
      if (e.peerId === selfId || hops > HOP_LIMIT) continue;
      const prev = out.get(e.peerId);
      if (prev && prev.hops <= hops) continue;
      out.set(e.peerId, {
        peerId: e.peerId,
        displayName: e.name,
        role: e.role,
        state: e.state,
        lastSeen: e.lastSeen,
        hops,
        via: 'relay',
      });
    }
  }
  for (const p of lost) {
    if (p.peerId === selfId || out.has(p.peerId)) continue;
    out.set(p.peerId, {
      peerId: p.peerId,
      displayName: p.name,
      role: p.role,
      state: p.state,
      lastSeen: p.lastSeen,
      hops: 1,
      via: p.via,
    });
  }
  return [...out.values()].sort(
    (a, b) => a.displayName.localeCompare(b.displayName) || a.peerId.localeCompare(b.peerId),
  );
}

/** What we tell `link` about the room: ourselves, and every connected peer not learned from it. */
export function rosterFor(
  self: { peerId: string; name: string; role: string | null },
  links: readonly DirectLink[],
  link: DirectLink,
  now: number,
): RosterEntry[] {
  const entries: RosterEntry[] = [
    { peerId: self.peerId, name: self.name, role: self.role, hops: 0, lastSeen: now, state: 'connected' },
  ];
  for (const p of computePresence(self.peerId, links, [], now, link)) {
    if (p.peerId === link.peerId || p.state !== 'connected' || p.hops >= HOP_LIMIT) continue;
    entries.push({
      peerId: p.peerId,
      name: p.displayName,
      role: p.role,
      hops: p.hops,
      lastSeen: p.lastSeen,
      state: 'connected',
    });
  }
  return entries;
}

/** Presence without the ever-moving lastSeen of connected peers: changes worth an event. */
export function presenceKey(peers: readonly PresencePeer[]): string {
  return JSON.stringify(
    peers.map((p) => [
      p.peerId,
      p.displayName,
      p.role,
      p.state,
      p.hops,
      p.via,
      p.state === 'connected' ? 0 : p.lastSeen,
    ]),
  );
}
