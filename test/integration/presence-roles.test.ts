/**
 * The role board feeds presence: the Peers list of every console in the room shows which roles
 * a console holds in its active incidents, and stops showing them once they are released or the
 * incident is resolved.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PresencePeer } from '../../src/shared/contract/sync';
import { PeerSet, linkOf, type Peer } from '../helpers/sync';

const set = new PeerSet();
afterEach(() => set.closeAll());

/** Resolves with the peer list once `viewer` announces one in which `cond` holds for `who`. */
function presenceOf(viewer: Peer, who: Peer, cond: (p: PresencePeer) => boolean): Promise<PresencePeer> {
  return new Promise((resolve) => {
    const check = (peers: readonly PresencePeer[]): boolean => {
      const p = peers.find((x) => x.displayName === who.name);
      if (!p || !cond(p)) return false;
      resolve(p);
      return true;
    };
    if (check(viewer.w.sync.presence())) return;
    const off = viewer.w.subscribe((event, payload) => {
      if (event === 'presenceChanged' && check(payload as readonly PresencePeer[])) off();
    });
  });
}

describe('presence shows the roles a console holds', () => {
  it('follows assignment, SME tags, release and resolution, on the other console', async () => {
    const alice = set.open('Alice');
    const bob = set.open('Bob');
    await alice.w.sync.host({ port: 0 });
    bob.w.sync.join(linkOf(alice));
    await presenceOf(bob, alice, (p) => p.state === 'connected' && p.role === null);

    const { id } = alice.w.call('declareIncident', { title: 'Checkout 500s', severity: 'SEV1' });
    const me = alice.w.call('getRoleBoard', { incidentId: id }).me!;
    alice.w.call('assignRole', { incidentId: id, role: 'incident_commander', participantId: me });
    expect((await presenceOf(bob, alice, (p) => p.role !== null)).role).toBe('Incident Commander');

    alice.w.call('addSme', { incidentId: id, participantId: me, domain: 'database' });
    await presenceOf(bob, alice, (p) => p.role === 'Incident Commander, SME (database)');

    alice.w.call('releaseRole', { incidentId: id, role: 'incident_commander' });
    await presenceOf(bob, alice, (p) => p.role === 'SME (database)');

    // A resolved incident needs no one: its roles no longer describe what Alice is doing.
    alice.w.call('changeStatus', { id, status: 'resolved' });
    await presenceOf(bob, alice, (p) => p.role === null);

    // A rename after connecting reaches the other console too (it used to keep the name of the handshake).
    alice.w.call('setProfile', { displayName: 'Alice Kim' });
    await presenceOf(bob, { ...alice, name: 'Alice Kim' }, (p) => p.state === 'connected');
  });

  it('a console that restarts announces the roles it still holds', async () => {
    const alice = set.open('Alice');
    const { id } = alice.w.call('declareIncident', { title: 'DNS flapping', severity: 'SEV2' });
    alice.w.call('assignRole', { incidentId: id, role: 'tech_lead', name: 'Alice' });
    await set.close(alice);

    const again = set.open('Alice', { dir: alice.dir });
    const bob = set.open('Bob');
    await again.w.sync.host({ port: 0 });
    bob.w.sync.join(linkOf(again));
    expect((await presenceOf(bob, again, (p) => p.role !== null)).role).toBe('Technical Lead');
  });
});
