/**
 * Two and three peers over real socket.io on 127.0.0.1 with real SQLite files: both directions,
 * partitions, host restarts, wrong keys, and peers that send garbage or flood.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/core/store/open';
import { newRoomKey } from '../../src/main/core/sync/keys';
import { parseJoinLink, formatJoinLink } from '../../src/shared/sync/link';
import { rawSyncPeer } from '../helpers/raw-peer';
import { SimPeer, incidentId } from '../helpers/sim';
import { recordingLogger } from '../helpers/store';
import {
  PeerSet,
  canonicalHash,
  tableHashes,
  linkOf,
  passThrough,
  sameVectors,
  until,
  vectorsReport,
  type Peer,
} from '../helpers/sync';

const set = new PeerSet();
afterEach(() => set.closeAll());

function converged(peers: Peer[], timeoutMs = 8_000): Promise<void> {
  return until(
    peers,
    () => sameVectors(peers),
    timeoutMs,
    () => vectorsReport(peers),
  );
}

function joinState(p: Peer): string | undefined {
  return p.w.sync.status().joins[0]?.state;
}

describe('sync between peers', () => {
  it('two peers converge both ways, live, with identical stores', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    await a.w.sync.host({ port: 0 });
    const incident = a.w.call('declareIncident', { title: 'Checkout down', severity: 'SEV1' });
    b.w.sync.join(linkOf(a));
    await until([a, b], () => b.w.call('listIncidents', {}).length === 1, 5_000);
    expect(joinState(b)).toBe('connected');

    // Live: an entry typed on one side shows up on the other well within 200 ms.
    const started = performance.now();
    const entry = a.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: 'rolled back deploy 42' });
    await until(
      [b],
      () => b.w.call('getTimeline', { incidentId: incident.id }).entries.some((e) => e.id === entry.id),
      2_000,
    );
    expect(performance.now() - started).toBeLessThan(200);

    b.w.call('changeSeverity', { id: incident.id, severity: 'SEV2' });
    b.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: 'error rate back to normal' });
    await converged([a, b]);
    expect(a.w.call('getIncident', { id: incident.id }).severity).toBe('SEV2');
    expect(canonicalHash(a.dir)).toBe(canonicalHash(b.dir));
  });

  it('converges after a partition: host stopped, both write, host back on the same link', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    await a.w.sync.host({ port: 0 });
    const link = linkOf(a);
    const { port, roomKey } = parseJoinLink(link);
    const incident = a.w.call('declareIncident', { title: 'Queue backlog', severity: 'SEV2' });
    b.w.sync.join(link);
    await converged([a, b]);

    await a.w.sync.stopHosting();
    await until([b], () => joinState(b) !== 'connected', 5_000);
    for (let i = 0; i < 20; i++) {
      a.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `A while apart ${i}` });
      b.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `B while apart ${i}` });
    }
    b.w.call('changeStatus', { id: incident.id, status: 'identified' });
    a.w.call('editIncident', { id: incident.id, summary: 'consumer stuck on a poison message' });
    expect(sameVectors([a, b])).toBe(false);

    // Same key and port: the same link, so B's reconnect loop finds the room again by itself.
    await a.w.sync.host({ port, roomKey });
    expect(linkOf(a)).toBe(link);
    await converged([a, b]);
    await until([a, b], () => joinState(b) === 'connected', 5_000);
    const timeline = (p: Peer): string[] =>
      p.w.call('getTimeline', { incidentId: incident.id }).entries.map((e) => `${e.id}:${e.text}`);
    expect(timeline(a)).toEqual(timeline(b));
    expect(timeline(a).filter((t) => t.includes('while apart'))).toHaveLength(40);
    expect(tableHashes(a.dir)).toEqual(tableHashes(b.dir));
    expect(canonicalHash(a.dir)).toBe(canonicalHash(b.dir));
  });

  it('refuses a wrong key with the reason, and slows down repeated failures from one address', async () => {
    const log = recordingLogger();
    const a = set.open('Alice', { log });
    const mallory = set.open('Mallory');
    await a.w.sync.host({ port: 0 });
    a.w.call('declareIncident', { title: 'Secret incident', severity: 'SEV1' });
    const good = parseJoinLink(linkOf(a));
    const wrong = formatJoinLink({ ...good, roomKey: newRoomKey() });

    mallory.w.sync.join(wrong);
    await until([mallory], () => joinState(mallory) === 'refused', 5_000);
    expect(mallory.w.sync.status().joins[0]?.error).toMatch(/Wrong room key/);
    expect(mallory.w.call('listIncidents', {})).toHaveLength(0);
    expect(log.records.some((r) => r.msg.includes('wrong room key'))).toBe(true);

    // Three failures are free; after that the address is locked out, longer each time.
    for (let i = 0; i < 3; i++) {
      mallory.w.sync.join(wrong);
      await until([mallory], () => joinState(mallory) === 'refused', 5_000);
    }
    mallory.w.sync.join(wrong);
    await until(
      [mallory],
      () => /Too many failed join attempts/.test(mallory.w.sync.status().joins[0]?.error ?? ''),
      5_000,
    );
    expect(joinState(mallory)).not.toBe('connected');
    // Even the right key waits out the lockout of its address.
    const bob = set.open('Bob');
    bob.w.sync.join(linkOf(a));
    await until([bob], () => /Too many failed join attempts/.test(bob.w.sync.status().joins[0]?.error ?? ''), 5_000);
    await until([bob], () => joinState(bob) === 'connected', 10_000);
    expect(mallory.w.call('listIncidents', {})).toHaveLength(0);
  });

  it('a joiner never sends ops to a host that cannot prove the key', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    await a.w.sync.host({ port: 0 });
    b.w.call('declareIncident', { title: 'Private', severity: 'SEV3' });
    // Same host, same room id, other key: the host refuses (bad key), nothing reaches it.
    const link = parseJoinLink(linkOf(a));
    b.w.sync.join(formatJoinLink({ ...link, roomKey: newRoomKey() }));
    await until([b], () => joinState(b) === 'refused', 5_000);
    expect(a.w.call('listIncidents', {})).toHaveLength(0);
  });

  it('large entries travel in size-bounded batches', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    const incident = a.w.call('declareIncident', { title: 'Huge logs pasted', severity: 'SEV3' });
    const text = 'log line with detail\n'.repeat(3_000); // ~63 KB, just under the entry limit
    for (let i = 0; i < 60; i++) a.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `${i} ${text}` });
    await a.w.sync.host({ port: 0, share: [incident.id] });
    b.w.sync.join(linkOf(a));
    await converged([a, b], 15_000);
    expect(b.w.call('getTimeline', { incidentId: incident.id }).entries.filter((e) => e.kind === 'note')).toHaveLength(
      60,
    );
  });

  it('the digest cross-check resends ops a peer acknowledged but lost', async () => {
    const log = recordingLogger();
    // The host's first two batches are "acknowledged" without being delivered, as by a peer
    // that lost data after acking: only the periodic digest comparison can notice.
    let swallow = 2;
    const a = set.open('Alice', {
      log,
      tuning: {
        wrapWire: (inner) =>
          passThrough(inner, {
            request: (event, payload, timeoutMs) =>
              event === 'ops' && swallow-- > 0
                ? Promise.resolve({ vv: {}, rejected: 0 })
                : inner.request(event, payload, timeoutMs),
          }),
      },
    });
    const b = set.open('Bob');
    const incident = a.w.call('declareIncident', { title: 'Lost in transit', severity: 'SEV3' });
    await a.w.sync.host({ port: 0, share: [incident.id] });
    b.w.sync.join(linkOf(a));
    await until([b], () => joinState(b) === 'connected', 5_000);
    a.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: 'swallowed too' });
    await converged([a, b]);
    expect(swallow).toBeLessThan(0);
    expect(log.records.some((r) => r.msg === 'sync: digest mismatch, resending')).toBe(true);
    expect(canonicalHash(a.dir)).toBe(canonicalHash(b.dir));
  });

  it('chains A <- B <- C: ops are forwarded both ways through the relay', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    const c = set.open('Carol');
    await a.w.sync.host({ port: 0 });
    b.w.sync.join(linkOf(a));
    // The relay hosts the room it joined (same key): C joins the same room through B.
    await b.w.sync.host({ port: 0, roomKey: parseJoinLink(linkOf(a)).roomKey });
    c.w.sync.join(linkOf(b));
    const x = a.w.call('declareIncident', { title: 'From A', severity: 'SEV2' });
    const y = c.w.call('declareIncident', { title: 'From C', severity: 'SEV3' });
    await converged([a, b, c]);
    expect(c.w.call('getIncident', { id: x.id }).title).toBe('From A');
    expect(a.w.call('getIncident', { id: y.id }).title).toBe('From C');
    // Presence reaches across the relay: A sees Carol two links away.
    await until([a], () => a.w.sync.presence().some((p) => p.displayName === 'Carol' && p.hops === 2), 3_000);
    expect(new Set([canonicalHash(a.dir), canonicalHash(b.dir), canonicalHash(c.dir)]).size).toBe(1);
  });
});

describe('rooms share only their incidents', () => {
  const incidentIds = (p: Peer): string[] =>
    p.w
      .call('listIncidents', {})
      .map((i) => i.id)
      .sort();
  const entryTexts = (p: Peer, incidentId: string): string[] =>
    incidentIds(p).includes(incidentId)
      ? p.w
          .call('getTimeline', { incidentId })
          .entries.map((e) => e.text)
          .sort()
      : [];

  it('a console in two rooms keeps them apart until an incident is shared across', async () => {
    const a = set.open('Alice');
    const b = set.open('Bob');
    const c = set.open('Carol');
    // Declared before A is in any room: never shared.
    const unshared = a.w.call('declareIncident', { title: 'Before hosting', severity: 'SEV4' });
    await a.w.sync.host({ port: 0 });
    const roomA = parseJoinLink(linkOf(a)).roomId;
    b.w.sync.join(linkOf(a));
    await b.w.sync.host({ port: 0 });
    const roomB = parseJoinLink(linkOf(b)).roomId;
    expect(roomB).not.toBe(roomA);
    c.w.sync.join(linkOf(b));
    const x = a.w.call('declareIncident', { title: 'Room A only', severity: 'SEV2' });
    a.w.call('addEntry', { incidentId: x.id, kind: 'finding', text: 'x from A' });
    const y = c.w.call('declareIncident', { title: 'Room B only', severity: 'SEV3' });
    await until([b], () => incidentIds(b).length === 2, 5_000);
    expect(incidentIds(b)).toEqual([x.id, y.id].sort());

    // B writes to y after holding x: once that reaches C, a leak of x would have too.
    b.w.call('addEntry', { incidentId: y.id, kind: 'note', text: 'marker' });
    await until([c, a], () => entryTexts(c, y.id).includes('marker'), 5_000);
    expect(incidentIds(c)).toEqual([y.id]);
    expect(incidentIds(a)).toEqual([unshared.id, x.id].sort());
    expect(Object.keys(c.w.versionVector()).some((o) => o.endsWith(x.id))).toBe(false);
    expect(b.w.call('incidentRooms', { incidentId: x.id })).toEqual([roomA]);

    // Shared into room B by Bob: Carol gets all of x, and her writes reach Alice through Bob.
    expect(b.w.call('shareIncident', { incidentId: x.id, roomId: roomB })).toEqual([roomA, roomB].sort());
    await until([c], () => entryTexts(c, x.id).includes('x from A'), 5_000);
    expect(entryTexts(c, x.id)).toEqual(entryTexts(a, x.id));
    c.w.call('addEntry', { incidentId: x.id, kind: 'action', text: 'x from C' });
    await until([a], () => entryTexts(a, x.id).includes('x from C'), 5_000);
    expect(incidentIds(a)).toEqual([unshared.id, x.id].sort());
    expect(incidentIds(c)).toEqual([x.id, y.id].sort());
    expect(c.w.call('incidentRooms', { incidentId: x.id })).toEqual([roomB]);
  });

  it('an incident stored before rooms were scoped is in every room, and new writes to it travel both ways', async () => {
    // Alice's store as an earlier Warroom left it: ops under a console-wide origin, schema 10.
    const dir = set.dir();
    const before = set.open('Alice', { dir });
    const old = new SimPeer('alice-before', () => Date.now() - 60_000);
    const legacyId = incidentId(1);
    expect(before.w.applyRemote([old.declare(legacyId, 'From before rooms')]).rejected).toBe(0);
    await set.close(before);
    const db = new Database(path.join(dir, DB_FILE));
    db.exec('DROP TABLE room_incidents');
    db.pragma('user_version = 10');
    db.close();

    const a = set.open('Alice', { dir });
    const b = set.open('Bob');
    await a.w.sync.host({ port: 0 });
    const roomId = parseJoinLink(linkOf(a)).roomId;
    expect(a.w.call('incidentRooms', { incidentId: legacyId })).toEqual([roomId]);
    b.w.sync.join(linkOf(a));
    await until([b], () => incidentIds(b).includes(legacyId), 5_000);
    a.w.call('addEntry', { incidentId: legacyId, kind: 'note', text: 'after the upgrade, from A' });
    await until([b], () => entryTexts(b, legacyId).includes('after the upgrade, from A'), 5_000);
    b.w.call('addEntry', { incidentId: legacyId, kind: 'note', text: 'from B' });
    await until([a], () => entryTexts(a, legacyId).includes('from B'), 5_000);
    expect(b.w.call('incidentRooms', { incidentId: legacyId })).toEqual([roomId]);
  });

  it('sharing needs an incident and a room this console is in', async () => {
    const a = set.open('Alice');
    const incident = a.w.call('declareIncident', { title: 'Local', severity: 'SEV3' });
    await a.w.sync.host({ port: 0 });
    const roomId = parseJoinLink(linkOf(a)).roomId;
    expect(a.w.call('incidentRooms', { incidentId: incident.id })).toEqual([]);
    expect(() => a.w.call('shareIncident', { incidentId: incident.id, roomId: 'AAAAAAAAAAAAAAAA' })).toThrow(
      /not in room/,
    );
    expect(() => a.w.call('shareIncident', { incidentId: 'nope-nope-nope', roomId })).toThrow(/No incident/);
    expect(a.w.call('shareIncident', { incidentId: incident.id, roomId })).toEqual([roomId]);
  });
});

describe('hostile or broken peers', () => {
  it('rejects and logs bad ops with the peer, keeps good ones, and survives', async () => {
    const log = recordingLogger();
    const a = set.open('Alice', { log });
    await a.w.sync.host({ port: 0 });
    const socket = await rawSyncPeer(parseJoinLink(linkOf(a)));
    const good = {
      origin: 'mallory-raw',
      seq: 1,
      hlc: `${String(Date.now()).padStart(15, '0')}:000000:mallory-raw`,
      incidentId: 'incident-raw-0001',
      author: { peerId: 'mallory-raw', name: 'Mallory' },
      body: {
        type: 'incident.set',
        fields: { title: 'set before declare' },
        base: { title: null },
      },
    };
    const { body, ...header } = good;
    const at = (seq: number): string => `${String(Date.now()).padStart(15, '0')}:00000${seq}:mallory-raw`;
    const ops = [
      good,
      // Body as stored text (protocol 3, a log scan): parsed, then checked like any op.
      { ...header, seq: 2, hlc: at(2), bodyText: JSON.stringify(body) },
      { ...good, seq: 3, hlc: at(3), body: { type: 'rm -rf' } },
      { ...header, seq: 4, hlc: at(4), bodyText: '{"type": "incident.set", ' },
      { ...good, seq: 5, hlc: at(5), bodyText: JSON.stringify(body) },
      'garbage',
    ];
    const ack = (await socket.timeout(2_000).emitWithAck('ops', { ops })) as {
      rejected: number;
      vv: Record<string, number>;
    };
    expect(ack.rejected).toBe(4);
    expect(ack.vv['mallory-raw']).toBe(2);
    expect(
      log.records.some((r) => r.msg === 'rejected malformed op' && String(r.fields?.from).includes('mallory-raw')),
    ).toBe(true);
    socket.disconnect();
  });

  it('disconnects a peer that keeps sending garbage', async () => {
    const a = set.open('Alice');
    await a.w.sync.host({ port: 0, roomKey: newRoomKey() });
    const socket = await rawSyncPeer(parseJoinLink(linkOf(a)));
    const gone = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    for (let i = 0; i < 20 && socket.connected; i++) {
      if (i % 2 === 0) socket.emit('ops', 'not a batch', () => undefined);
      else socket.emit('share', { incidents: 'not a list', vv: {} });
    }
    expect(await gone).toBe('io server disconnect');
    // The host still works for honest peers.
    const b = set.open('Bob');
    b.w.sync.join(linkOf(a));
    await until([b], () => joinState(b) === 'connected', 5_000);
  });

  it('disconnects a flooding peer', async () => {
    const a = set.open('Alice', { tuning: { floodMessages: 50 } });
    await a.w.sync.host({ port: 0 });
    const socket = await rawSyncPeer(parseJoinLink(linkOf(a)));
    const gone = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
    const op = (seq: number): unknown => ({
      origin: 'mallory-raw',
      seq,
      hlc: `${String(Date.now()).padStart(15, '0')}:${String(seq).padStart(6, '0')}:mallory-raw`,
      incidentId: 'incident-raw-0001',
      author: { peerId: 'mallory-raw', name: 'Mallory' },
      body: { type: 'incident.set', fields: { summary: `flood ${seq}` }, base: { summary: null } },
    });
    for (let i = 1; i <= 1_000 && socket.connected; i++) socket.emit('ops', { ops: [op(i)] }, () => undefined);
    expect(await gone).toBe('io server disconnect');
    expect(a.w.versionVector()['mallory-raw'] ?? 0).toBeLessThan(1_000);
  });
});
