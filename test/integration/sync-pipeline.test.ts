/**
 * The sender's window: a catch-up streams several batches without waiting for each ack, never
 * more than `maxInFlight` at once per link, and still converges when acks are slow, lost or
 * arrive out of order.
 */
import { afterEach, expect, it } from 'vitest';
import type { Wire } from '../../src/main/core/sync/wire';
import { encodeHlc } from '../../src/shared/hlc';
import {
  PeerSet,
  faultyWires,
  hostSharingAll,
  linkOf,
  opsHeld,
  passThrough,
  sameVectors,
  seeded,
  tableHashes,
  until,
  type Peer,
} from '../helpers/sync';

const set = new PeerSet();
afterEach(() => set.closeAll());

/** Counts the ops requests a wire has outstanding, keeping the highest count seen. */
function windowProbe(): { wrap: (wire: Wire) => Wire; max: () => number; requests: () => number } {
  let outstanding = 0;
  let max = 0;
  let requests = 0;
  const wrap = (inner: Wire): Wire =>
    passThrough(inner, {
      async request(event, payload, timeoutMs) {
        if (event !== 'ops') return inner.request(event, payload, timeoutMs);
        requests++;
        max = Math.max(max, ++outstanding);
        try {
          return await inner.request(event, payload, timeoutMs);
        } finally {
          outstanding--;
        }
      },
    });
  return { wrap, max: () => max, requests: () => requests };
}

/** A host holding `count` ops of one bulk origin (besides its own). */
function bulkHost(name: string, count: number, tuning: Parameters<PeerSet['open']>[1] = {}): Peer {
  const host = set.open(name, tuning);
  const incident = host.w.call('declareIncident', { title: 'Backlog', severity: 'SEV2' });
  // Sorts after the host's own origin: the incident itself arrives first, the bulk after it.
  const origin = 'zz-bulk-origin';
  const t0 = Date.now() - 60_000;
  const ops = Array.from({ length: count }, (_, i) => ({
    origin,
    seq: i + 1,
    hlc: encodeHlc({ wall: t0 + i, counter: 0, peer: origin }),
    incidentId: incident.id,
    author: { peerId: origin, name: 'Bulk' },
    body: { type: 'incident.set', fields: { summary: `update ${i + 1}` }, base: { summary: null } },
  }));
  expect(host.w.applyRemote(ops, 'setup').rejected).toBe(0);
  return host;
}

it('a catch-up keeps several batches in flight, never more than the window, and converges', async () => {
  const probe = windowProbe();
  const host = bulkHost('Host', 3_000, { tuning: { batchSize: 100, maxInFlight: 3, wrapWire: probe.wrap } });
  await hostSharingAll(host);
  const peer = set.open('Fresh');
  peer.w.sync.join(linkOf(host));
  await until([host, peer], () => opsHeld(peer.w) >= opsHeld(host.w), 15_000);
  await until([host, peer], () => sameVectors([host, peer]), 5_000);

  expect(probe.requests()).toBeGreaterThanOrEqual(30);
  expect(probe.max()).toBeGreaterThan(1);
  expect(probe.max()).toBeLessThanOrEqual(3);
  expect(tableHashes(peer.dir)).toEqual(tableHashes(host.dir));
}, 30_000);

it('a pipelined catch-up converges over duplicated, late, shuffled batches and lost acks', async () => {
  const host = bulkHost('Host', 2_000, {
    tuning: {
      batchSize: 50,
      maxInFlight: 4,
      wrapWire: faultyWires(seeded(7), { duplicate: 0.2, lostAck: 0.1, late: 0.2, shuffle: 0.5 }),
    },
  });
  await hostSharingAll(host);
  const peer = set.open('Fresh');
  peer.w.sync.join(linkOf(host));
  // Writes on both sides while the catch-up runs.
  const incident = host.w.call('listIncidents', {})[0];
  if (!incident) throw new Error('no incident');
  await until([peer], () => peer.w.call('listIncidents', {}).length === 1, 10_000);
  expect(opsHeld(peer.w)).toBeLessThan(opsHeld(host.w));
  for (let i = 0; i < 20; i++) {
    host.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `host ${i}` });
    peer.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `peer ${i}` });
  }
  await until([host, peer], () => sameVectors([host, peer]), 20_000);
  expect(tableHashes(peer.dir)).toEqual(tableHashes(host.dir));
}, 40_000);

/** Counts ops batches sent with an ack and pushes sent without one. */
function messageProbe(): { wrap: (wire: Wire) => Wire; requests: () => number; pushes: () => number } {
  let requests = 0;
  let pushes = 0;
  const wrap = (inner: Wire): Wire =>
    passThrough(inner, {
      notify(event, payload) {
        if (event === 'push') pushes++;
        inner.notify(event, payload);
      },
      request(event, payload, timeoutMs) {
        if (event === 'ops') requests++;
        return inner.request(event, payload, timeoutMs);
      },
    });
  return { wrap, requests: () => requests, pushes: () => pushes };
}

/**
 * A writer joined to a host with the given pushesPerAck, its messages counted; `type(n)` adds n
 * entries one per turn of the event loop, as a person typing (one message each), and waits until
 * both hold them. `requests` counts the acknowledged batches sent while typing.
 */
async function liveWriter(pushesPerAck: number) {
  const probe = messageProbe();
  const host = set.open('Host');
  const incident = host.w.call('declareIncident', { title: 'Live', severity: 'SEV2' });
  await hostSharingAll(host);
  const writer = set.open('Writer', { tuning: { pushesPerAck, wrapWire: probe.wrap } });
  writer.w.sync.join(linkOf(host));
  await until([host, writer], () => writer.w.call('listIncidents', {}).length === 1, 5_000);
  const before = probe.requests();
  const type = async (n: number): Promise<void> => {
    for (let i = 0; i < n; i++) {
      writer.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `update ${i}` });
      await new Promise((resolve) => setImmediate(resolve));
    }
    await until([host, writer], () => sameVectors([host, writer]), 5_000);
  };
  return { host, writer, type, pushes: probe.pushes, requests: () => probe.requests() - before };
}

it('fresh ops are pushed without an ack, all but one in pushesPerAck, and arrive', async () => {
  const live = await liveWriter(4);
  await live.type(50);
  expect(live.pushes()).toBe(40);
  expect(live.requests()).toBe(10);
  expect(tableHashes(live.writer.dir)).toEqual(tableHashes(live.host.dir));
}, 20_000);

it('with pushesPerAck 0 every batch is acknowledged', async () => {
  const live = await liveWriter(0);
  await live.type(10);
  expect(live.pushes()).toBe(0);
  expect(live.requests()).toBe(10);
}, 20_000);

it('a link whose acks stop coming holds at most the window of batches and its pushes', async () => {
  let stalled = false;
  let pushes = 0;
  let requests = 0;
  const stall = (inner: Wire): Wire =>
    passThrough(inner, {
      notify(event, payload) {
        if (stalled && event === 'push') pushes++;
        inner.notify(event, payload);
      },
      request(event, payload, timeoutMs) {
        if (!stalled || event !== 'ops') return inner.request(event, payload, timeoutMs);
        requests++;
        // Delivered, never acknowledged: a receiver that stopped reading, as the sender sees it.
        void inner.request(event, payload, timeoutMs).catch(() => undefined);
        return new Promise<never>(() => undefined);
      },
    });
  const host = set.open('Host');
  const incident = host.w.call('declareIncident', { title: 'Live', severity: 'SEV2' });
  await hostSharingAll(host);
  const writer = set.open('Writer', {
    tuning: { pushesPerAck: 3, maxInFlight: 2, ackTimeoutMs: 60_000, wrapWire: stall },
  });
  writer.w.sync.join(linkOf(host));
  await until([host, writer], () => sameVectors([host, writer]), 5_000);
  stalled = true;

  for (let i = 0; i < 40; i++) {
    writer.w.call('addEntry', { incidentId: incident.id, kind: 'note', text: `update ${i}` });
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Two acknowledged batches fill the window; three pushes go before each; then nothing.
  expect(requests).toBeGreaterThan(0);
  expect(requests).toBeLessThanOrEqual(2);
  expect(pushes).toBeLessThanOrEqual(6);
  expect(pushes + requests).toBeLessThan(40);
}, 20_000);
