/** The pure parts of sync: join links, challenges and lockouts, rate limits, presence, digests. */
import { describe, expect, it } from 'vitest';
import { FailureThrottle, NonceBook } from '../../src/main/core/sync/auth';
import { clientProof, newRoomKey, proofMatches, roomIdFor, serverProof } from '../../src/main/core/sync/keys';
import { computePresence, rosterFor, type DirectLink } from '../../src/main/core/sync/presence';
import { StrikeCounter, TokenBucket } from '../../src/main/core/sync/rate';
import { compareDigests } from '../../src/main/core/sync/session';
import { inflateOp } from '../../src/main/core/sync/protocol';
import {
  DEFAULT_SYNC_PORT,
  JoinLinkError,
  formatJoinLink,
  formatPlainJoinLink,
  parseJoinLink,
  redactJoinLink,
} from '../../src/shared/sync/link';

const KEY = 'AbCdEfGhIjKlMnOpQrStUv';

describe('join links', () => {
  it('round-trips, with IPv6, the plain form and the default port', () => {
    const link = { host: '10.1.2.3', port: 7400, roomId: 'room-id-123', roomKey: KEY };
    expect(formatJoinLink(link)).toBe(`warroom://10.1.2.3:7400/room-id-123#${KEY}`);
    expect(parseJoinLink(formatJoinLink(link))).toEqual(link);
    expect(parseJoinLink(formatPlainJoinLink(link))).toEqual(link);
    const v6 = { ...link, host: 'fe80::1' };
    expect(formatJoinLink(v6)).toBe(`warroom://[fe80::1]:7400/room-id-123#${KEY}`);
    expect(parseJoinLink(formatJoinLink(v6))).toEqual(v6);
    expect(parseJoinLink(`  <warroom://host.lan/room-id-123#${KEY}>\n`)).toEqual({
      host: 'host.lan',
      port: DEFAULT_SYNC_PORT,
      roomId: 'room-id-123',
      roomKey: KEY,
    });
    expect(redactJoinLink(link)).not.toContain(KEY);
  });

  it.each([
    ['warroom://host:7312/room-id-123', /no key/],
    ['http://host:7312/room-id-123#' + KEY, /Not a join link/],
    ['warroom://host:7312/room-id-123#short', /Not a join link/],
    ['warroom://host:0/room-id-123#' + KEY, /port 0/],
    ['warroom://host:99999/room-id-123#' + KEY, /port/],
    ['', /Not a join link/],
  ])('refuses %j with a reason', (text, reason) => {
    expect(() => parseJoinLink(text)).toThrow(JoinLinkError);
    expect(() => parseJoinLink(text)).toThrow(reason);
  });
});

describe('proofs', () => {
  const input = { roomId: 'r', serverNonce: 'n1', clientNonce: 'n2', clientPeerId: 'peer' };
  it('differ by key, by nonce and by direction, and the room id is stable per key', () => {
    const p = clientProof(KEY, input);
    expect(proofMatches(p, clientProof(KEY, input))).toBe(true);
    expect(proofMatches(p, clientProof(newRoomKey(), input))).toBe(false);
    expect(proofMatches(p, clientProof(KEY, { ...input, serverNonce: 'n3' }))).toBe(false);
    expect(proofMatches(p, serverProof(KEY, { ...input, hostPeerId: 'peer' }))).toBe(false);
    expect(proofMatches(p, undefined)).toBe(false);
    expect(roomIdFor(KEY)).toBe(roomIdFor(KEY));
    expect(roomIdFor(KEY)).not.toBe(roomIdFor(newRoomKey()));
    expect(newRoomKey()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Every character of the key counts, including the last one whose low bits base64 ignores.
    const other = KEY.slice(0, -1) + (KEY.endsWith('A') ? 'B' : 'A');
    expect(proofMatches(p, clientProof(other, input))).toBe(false);
  });
});

describe('challenges and lockouts', () => {
  it('a nonce works once, and not after it expired', () => {
    let t = 0;
    const book = new NonceBook(() => t, 1_000, 3);
    const a = book.issue();
    expect(book.consume(a)).toBe(true);
    expect(book.consume(a)).toBe(false);
    const b = book.issue();
    t = 1_001;
    expect(book.consume(b)).toBe(false);
    expect(book.consume('never-issued')).toBe(false);
    for (let i = 0; i < 10; i++) book.issue();
    expect(book.size).toBeLessThanOrEqual(3);
  });

  it('locks an address out after the free failures, longer each time, and forgets on success', () => {
    let t = 0;
    const throttle = new FailureThrottle(() => t, { freeFailures: 3, baseLockMs: 1_000, maxLockMs: 4_000 });
    expect([throttle.fail('a'), throttle.fail('a'), throttle.fail('a')]).toEqual([0, 0, 0]);
    expect(throttle.fail('a')).toBe(1_000);
    expect(throttle.retryAfter('a')).toBe(1_000);
    expect(throttle.retryAfter('b')).toBe(0);
    t = 1_000;
    expect(throttle.retryAfter('a')).toBe(0);
    expect(throttle.fail('a')).toBe(2_000);
    expect(throttle.fail('a')).toBe(4_000);
    expect(throttle.fail('a')).toBe(4_000);
    throttle.succeed('a');
    expect(throttle.retryAfter('a')).toBe(0);
  });
});

describe('rate limits', () => {
  it('a token bucket refills over time; strikes count within their window', () => {
    let t = 0;
    const bucket = new TokenBucket(10, 5, () => t);
    expect(bucket.take(10)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    t = 1_000;
    expect(bucket.take(5)).toBe(true);
    expect(bucket.take(1)).toBe(false);
    const strikes = new StrikeCounter(3, 1_000, () => t);
    expect([strikes.strike(), strikes.strike()]).toEqual([false, false]);
    t = 2_500;
    expect(strikes.strike()).toBe(false);
    expect([strikes.strike(), strikes.strike()]).toEqual([false, true]);
  });
});

describe('presence', () => {
  const link = (peerId: string, via: 'host' | 'join', roster: DirectLink['roster'] = []): DirectLink => ({
    peerId,
    name: peerId.toUpperCase(),
    role: null,
    via,
    lastSeen: 5,
    roster,
  });
  const entry = (peerId: string, hops: number) => ({
    peerId,
    name: peerId.toUpperCase(),
    role: null,
    hops,
    lastSeen: 1,
    state: 'connected' as const,
  });

  it('lists direct links, peers behind relays with their distance, and lost peers', () => {
    const b = link('b', 'host', [entry('b', 0), entry('c', 1), entry('me', 1), entry('far', 8)]);
    const peers = computePresence(
      'me',
      [b],
      [{ peerId: 'x', name: 'X', role: null, via: 'join', state: 'offline', lastSeen: 3 }],
      100,
    );
    expect(peers.map((p) => [p.peerId, p.hops, p.via, p.state])).toEqual([
      ['b', 1, 'host', 'connected'],
      ['c', 2, 'relay', 'connected'],
      ['x', 1, 'join', 'offline'],
    ]);
  });

  it('tells a link nothing it told us (split horizon)', () => {
    const b = link('b', 'host', [entry('b', 0), entry('c', 1)]);
    const d = link('d', 'join', [entry('d', 0)]);
    const self = { peerId: 'me', name: 'Me', role: 'IC' };
    expect(rosterFor(self, [b, d], b, 9).map((e) => [e.peerId, e.hops])).toEqual([
      ['me', 0],
      ['d', 1],
    ]);
    expect(rosterFor(self, [b, d], d, 9).map((e) => [e.peerId, e.hops])).toEqual([
      ['me', 0],
      ['b', 1],
      ['c', 2],
    ]);
  });
});

describe('digest comparison', () => {
  const d = (vv: number, count: number, max: number, hash: string) => ({ vv, count, max, hash });
  it('resends from the remote prefix where it is behind, flags equal counts with different content', () => {
    const ours = {
      a: d(10, 10, 10, '00000000000000aa'),
      b: d(5, 5, 5, '00000000000000bb'),
      c: d(3, 3, 3, '00000000000000cc'),
      e: d(2, 4, 6, '00000000000000ee'),
    };
    const theirs = {
      a: d(7, 7, 7, '0000000000000001'),
      b: d(5, 5, 5, '00000000000000bb'),
      c: d(3, 3, 3, '0000000000000002'),
      e: d(2, 3, 6, '0000000000000003'),
    };
    const { behind, divergent } = compareDigests(ours, theirs);
    expect([...behind]).toEqual([
      ['a', 7],
      ['e', 2],
    ]);
    expect(divergent).toEqual(['c']);
    expect([...compareDigests({ z: d(1, 1, 1, '0000000000000001') }, {}).behind]).toEqual([['z', 0]]);
  });
});

describe('ops with their body as stored text', () => {
  const header = { origin: 'p', seq: 1, hlc: '001795391744513:000001:p', incidentId: 'incident-0001' };

  it('parses the body text and leaves everything else to the op schema', () => {
    const body = { type: 'incident.set', fields: { title: 'T' }, base: { title: null } };
    expect(inflateOp({ ...header, bodyText: JSON.stringify(body) })).toEqual({ ...header, body });
    const withBoth = { ...header, body, bodyText: '{}' };
    expect(inflateOp(withBoth)).toBe(withBoth);
    const notJson = { ...header, bodyText: '{"type":' };
    expect(inflateOp(notJson)).toBe(notJson);
    const notText = { ...header, bodyText: 42 };
    expect(inflateOp(notText)).toBe(notText);
    for (const odd of [null, 'garbage', 7, [header]]) expect(inflateOp(odd)).toBe(odd);
  });
});
