/**
 * Rooms share incidents, not consoles: per-incident origins, the membership table and a room's
 * filters over the log (the network side is in test/integration/sync-basic.test.ts).
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/core/store/open';
import { RoomMembers } from '../../src/main/core/store/room-members';
import { RoomScope } from '../../src/main/core/sync/room-scope';
import { compareHlc, decodeHlc, HybridClock } from '../../src/shared/hlc';
import { OpSchema } from '../../src/shared/ops';
import { incidentOfOrigin, originFor, peerOfOrigin } from '../../src/shared/origin';
import { OriginSchema } from '../../src/shared/schemas';
import { useTmpDirs } from '../helpers/store';

const tmp = useTmpDirs('warroom-rooms-');
const INCIDENT = 'incident-0001';

describe('origins', () => {
  it('name a console and, since rooms, the incident it writes to', () => {
    const origin = originFor('peer-A', INCIDENT);
    expect(origin).toBe('peer-A~incident-0001');
    expect(incidentOfOrigin(origin)).toBe(INCIDENT);
    expect(peerOfOrigin(origin)).toBe('peer-A');
    expect(incidentOfOrigin('peer-A')).toBeNull();
    expect(peerOfOrigin('peer-A')).toBe('peer-A');
    for (const ok of ['peer-A', origin]) expect(OriginSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', 'a~', 'a~short', 'a~b~incident-0001', '~incident-0001', 'a b~incident-0001']) {
      expect(OriginSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('share one clock: stamps of different origins still strictly increase', () => {
    const clock = new HybridClock('peer-A', () => 1_700_000_000_000);
    const stamps = [
      clock.now(),
      clock.now(originFor('peer-A', INCIDENT)),
      clock.now(originFor('peer-A', 'other-0001')),
    ];
    expect(stamps.map((s) => decodeHlc(s).peer)).toEqual(['peer-A', 'peer-A~incident-0001', 'peer-A~other-0001']);
    for (let i = 1; i < stamps.length; i++) expect(compareHlc(stamps[i] as string, stamps[i - 1] as string)).toBe(1);
  });

  it('an op whose origin names another incident is refused', () => {
    const origin = originFor('peer-A', INCIDENT);
    const op = {
      origin,
      seq: 1,
      hlc: `001700000000000:000000:${origin}`,
      incidentId: INCIDENT,
      author: { peerId: 'peer-A', name: 'A' },
      body: { type: 'incident.set', fields: { summary: 'x' }, base: { summary: null } },
    };
    expect(OpSchema.safeParse(op).success).toBe(true);
    const moved = OpSchema.safeParse({ ...op, incidentId: 'other-0001' });
    expect(moved.success).toBe(false);
    expect(JSON.stringify(moved.error?.issues)).toContain("origin must name the op's incident");
    // Console-wide origins (written before rooms) may carry any incident.
    expect(OpSchema.safeParse({ ...op, origin: 'peer-A', hlc: '001700000000000:000000:peer-A' }).success).toBe(true);
  });
});

describe('room membership', () => {
  it('only grows, reports what is new, and survives a reopen', () => {
    const dir = tmp.dir();
    tmp.open(dir).close(); // creates the schema
    const db = new Database(path.join(dir, DB_FILE));
    try {
      const rooms = new RoomMembers(db);
      expect(rooms.add('room-AAAA', ['i-000001', 'i-000002', 'i-000001'], 'declared', 1)).toEqual([
        'i-000001',
        'i-000002',
      ]);
      expect(rooms.add('room-AAAA', ['i-000002', 'i-000003'], 'received', 2)).toEqual(['i-000003']);
      expect(rooms.add('room-BBBB', ['i-000001'], 'shared', 3)).toEqual(['i-000001']);
      const again = new RoomMembers(db);
      expect([...again.of('room-AAAA')].sort()).toEqual(['i-000001', 'i-000002', 'i-000003']);
      expect(again.roomsOf('i-000001')).toEqual(['room-AAAA', 'room-BBBB']);
      expect(again.roomsOf('i-000009')).toEqual([]);
    } finally {
      db.close();
    }
  });

  it("a room's scope filters the vector, the digest and catch-up scans to its incidents", () => {
    const w = tmp.open(tmp.dir());
    const shared = w.call('declareIncident', { title: 'In the room', severity: 'SEV2' });
    const other = w.call('declareIncident', { title: 'Elsewhere', severity: 'SEV3' });
    // A console-wide origin from before rooms: every room shares it.
    const legacy = {
      origin: 'old-peer',
      seq: 1,
      hlc: `${String(Date.now() - 1_000).padStart(15, '0')}:000000:old-peer`,
      incidentId: other.id,
      author: { peerId: 'old-peer', name: 'Old' },
      body: { type: 'incident.set', fields: { summary: 'legacy' }, base: { summary: null } },
    };
    expect(w.applyRemote([legacy]).rejected).toBe(0);
    const announced: string[][] = [];
    const scope = new RoomScope(
      'room-AAAA',
      w,
      () => 0,
      (_, added) => announced.push([...added]),
    );
    scope.add([shared.id], 'shared');
    scope.add([shared.id], 'shared');
    expect(announced).toEqual([[shared.id]]);

    const mine = originFor(w.peerId, shared.id);
    const theirs = originFor(w.peerId, other.id);
    expect(Object.keys(scope.holdings().vv).sort()).toEqual(['old-peer', mine].sort());
    expect(scope.holdings().incidents).toEqual([shared.id]);
    expect(Object.keys(scope.digest()).sort()).toEqual(['old-peer', mine].sort());
    expect(Object.keys(scope.vectorOf([other.id]))).toEqual([theirs]);
    const scanned = w.missingStored({}, 10_000, scope.shares);
    expect(new Set(scanned.map((op) => op.origin))).toEqual(new Set(['old-peer', mine]));
    expect(scanned.every((op) => op.incidentId === shared.id || op.origin === 'old-peer')).toBe(true);
  });
});
