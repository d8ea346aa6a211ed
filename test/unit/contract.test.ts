import { describe, expect, it } from 'vitest';
import { METHOD_NAMES, methodSchemas, type Envelope, type MethodName } from '../../src/shared/api';
import type { Incident } from '../../src/shared/domain/incident';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../src/main/core/log';
import { Warroom } from '../../src/main/core/warroom';
import { originFor } from '../../src/shared/origin';
import { describeZodError } from '../../src/shared/schemas';
import { opCount, recordingLogger, snapshot, useTmpDirs } from '../helpers/store';
import { sampleValid } from '../helpers/zod-sample';

const tmp = useTmpDirs('warroom-contract-');
const NOW = Date.UTC(2025, 2, 3, 14, 7, 0);
const UNKNOWN_ID = 'no-such-incident-0001';

/** Realistic arguments for the incident methods; other methods get theirs derived from the schema. */
const FIXTURES: Partial<Record<MethodName, (id: string) => Record<string, unknown>>> = {
  setProfile: () => ({ displayName: 'Dana (IC)' }),
  declareIncident: () => ({
    title: 'Checkout 500s',
    severity: 'SEV2',
    summary: 'Card payments fail',
    services: ['checkout'],
    impactStartedAt: NOW - 60_000,
    triage: {
      whatIsBroken: 'checkout',
      scope: 'many_blocked',
      usersAffected: 'all EU',
      customerImpact: true,
      workaround: false,
      dataOrMoneyAtRisk: true,
      dataLoss: false,
      securityBreach: false,
      startedAt: '14:00 UTC',
      whatChanged: 'deploy 1234',
    },
  }),
  changeSeverity: (id) => ({ id, severity: 'SEV1' }),
  changeStatus: (id) => ({ id, status: 'identified' }),
  editIncident: (id) => ({ id, title: 'Checkout 502s', summary: 'LB', services: ['lb'] }),
  setMilestone: (id) => ({ id, milestone: 'mitigatedAt', at: NOW }),
};

/** Schema-valid arguments for any method; ids point at `incidentId`. */
function validArgs(method: MethodName, incidentId: string): Record<string, unknown> {
  const fixture = FIXTURES[method];
  if (fixture) return fixture(incidentId);
  return sampleValid(methodSchemas[method], { id: incidentId, incidentId }) as Record<string, unknown>;
}

/** Fields whose value is a wall-clock time: before 2000 or after 2200 is a typo. */
const isTimeField = (field: string): boolean => /(At|Time)$|^at$/.test(field);

/** A value of the wrong type for whatever `value` is. */
function wrongType(value: unknown): unknown[] {
  if (typeof value === 'string') return [42, true, null, { s: value }, [value]];
  if (typeof value === 'number') return ['12', true, null, [value], {}];
  if (typeof value === 'boolean') return ['true', 1, null];
  if (Array.isArray(value)) return ['a,b', 7, { 0: 'a' }, [42]];
  if (value && typeof value === 'object') return ['{}', 3, [value]];
  return ['x'];
}

interface Ctx {
  w: Warroom;
  dir: string;
  id: string;
  events: string[];
  log: ReturnType<typeof recordingLogger>;
}

function setup(): Ctx {
  const dir = tmp.dir();
  const log = recordingLogger();
  const w = tmp.open(dir, { now: () => NOW, log });
  const id = w.call('declareIncident', { title: 'Seed incident', severity: 'SEV3' }).id;
  const events: string[] = [];
  w.subscribe((event) => events.push(event));
  return { w, dir, id, events, log };
}

/** Expect a refusal with the given code, whose message names `field`, and that nothing was stored. */
async function expectRefused(
  ctx: Ctx,
  method: string,
  args: unknown,
  code: 'invalid_argument' | 'unknown_method' | 'not_found' | 'unauthorized',
  field?: string,
): Promise<void> {
  const before = { state: snapshot(ctx.w), profile: ctx.w.profile(), ops: opCount(ctx.dir) };
  const result = await ctx.w.handle(method, args);
  const shown = `${method}(${JSON.stringify(args)?.slice(0, 200)})`;
  expect(result.ok, shown).toBe(false);
  const error = (result as Extract<Envelope<unknown>, { ok: false }>).error;
  expect(error.code, `${shown}: ${error.message}`).toBe(code);
  expect(error.message.length, shown).toBeLessThan(1_000);
  if (field !== undefined) expect(error.message, shown).toContain(field);
  expect(ctx.w.versionVector(), shown).toEqual(before.state.vector);
  expect(opCount(ctx.dir), shown).toBe(before.ops);
  expect(snapshot(ctx.w), shown).toEqual(before.state);
  expect(ctx.w.profile(), shown).toEqual(before.profile);
  expect(ctx.events, shown).toEqual([]);
}

interface BadArgs {
  readonly args: unknown;
  /** What the error message must name (the field), when there is a field to name. */
  readonly names?: string;
}

/** Every malformed variant of a valid argument object this test knows how to make. */
function badArgs(method: MethodName, valid: Record<string, unknown>): BadArgs[] {
  const schema = methodSchemas[method];
  const out: BadArgs[] = [];
  for (const args of ['id', 42, true, [], [valid]]) out.push({ args });
  out.push({ args: { ...valid, sneaky: 1 }, names: 'sneaky' });
  // As a JSON payload from a socket would carry it: an own "__proto__" key.
  const inner = JSON.stringify(valid).slice(1, -1);
  out.push({
    args: JSON.parse(`{"__proto__":{"admin":true}${inner ? ',' + inner : ''}}`) as unknown,
    names: '__proto__',
  });

  for (const [field, value] of Object.entries(valid)) {
    const withValue = (v: unknown, names = field): void => {
      out.push({ args: { ...valid, [field]: v }, names });
    };
    for (const bad of wrongType(value)) {
      // null is a legal value of nullable fields (milestone times).
      if (bad === null && schema.safeParse({ ...valid, [field]: null }).success) continue;
      withValue(bad);
    }
    const without = Object.fromEntries(Object.entries(valid).filter(([k]) => k !== field));
    if (!schema.safeParse(without).success) out.push({ args: without, names: field });
    if (typeof value === 'string') withValue('x'.repeat(100_001));
    if (Array.isArray(value)) {
      withValue(['x'.repeat(100_001)]);
      withValue(Array.from({ length: 10_000 }, (_, i) => `s${i}`));
    }
    if (typeof value === 'number') {
      const bad = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1, 1.5, 2 ** 53 + 2];
      if (isTimeField(field)) bad.push(0, Date.UTC(1999, 11, 31), Date.UTC(2300, 0, 1), 8.64e15 + 1);
      for (const n of bad) withValue(n);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      // Nested objects are strict too (the triage checklist).
      withValue({ ...value, bogus: true }, 'bogus');
      const [nested] = Object.keys(value);
      if (nested) withValue({ ...value, [nested]: 12345 }, `${field}.${nested}`);
    }
  }
  return out;
}

/**
 * Methods this service answers, and those it refuses as served elsewhere (terminals are local
 * only and live in their own service): found by asking it, so new features are covered as they land.
 */
const { SERVED, NOT_SERVED } = await (async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-contract-probe-'));
  const w = new Warroom({ dataDir: dir, log: silentLogger });
  try {
    const served: MethodName[] = [];
    const notServed: MethodName[] = [];
    for (const m of METHOD_NAMES) {
      // Malformed on purpose, so no handler runs (a valid call could host a room, for instance).
      const r = await w.handle(m, 'probe');
      (!r.ok && r.error.code === 'unauthorized' ? notServed : served).push(m);
    }
    return { SERVED: served, NOT_SERVED: notServed };
  } finally {
    w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
})();

async function ok<T>(w: Warroom, method: MethodName, args: unknown): Promise<T> {
  const result = await w.handle(method, args);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

describe('contract validation', () => {
  it('derives schema-valid arguments for every method (add a FIXTURES entry where it cannot)', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(0);
    for (const method of METHOD_NAMES) {
      const parsed = methodSchemas[method].safeParse(validArgs(method, 'incident-0000-0000'));
      expect(parsed.success, `${method}: ${parsed.error?.message ?? ''}`).toBe(true);
    }
  });

  it('accepts null and undefined as "no arguments" for methods that take none', async () => {
    const ctx = setup();
    for (const method of ['getProfile', 'listIncidents'] as const) {
      for (const args of [null, undefined]) expect((await ctx.w.handle(method, args)).ok, method).toBe(true);
    }
  });

  it('rejects unknown methods, including inherited property names', async () => {
    const ctx = setup();
    for (const method of [
      'dropTables',
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'x'.repeat(10_000),
    ]) {
      await expectRefused(ctx, method, {}, 'unknown_method', 'Unknown method');
    }
    const result = await ctx.w.handle('x'.repeat(10_000), {});
    expect(!result.ok && result.error.message.length).toBeLessThan(200);
  });

  it.each(METHOD_NAMES)('%s: the schema rejects every malformed argument, naming the field', (method) => {
    const schema = methodSchemas[method];
    const mutations = badArgs(method, validArgs(method, 'incident-0000-0000'));
    expect(mutations.length).toBeGreaterThan(0);
    for (const { args, names } of mutations) {
      const parsed = schema.safeParse(args);
      const shown = `${method}(${JSON.stringify(args)?.slice(0, 200)})`;
      expect(parsed.success, shown).toBe(false);
      if (names !== undefined) expect(describeZodError(parsed.error!), shown).toContain(names);
    }
  });

  it.each(SERVED)(
    '%s: the service refuses every malformed argument with invalid_argument and stores nothing',
    async (method) => {
      const ctx = setup();
      for (const { args, names } of badArgs(method, validArgs(method, ctx.id))) {
        await expectRefused(ctx, method, args, 'invalid_argument', names ?? `Invalid arguments for ${method}`);
      }
      // null and undefined stand for "no arguments": refused where arguments are required.
      if (!methodSchemas[method].safeParse({}).success) {
        for (const args of [null, undefined]) await expectRefused(ctx, method, args, 'invalid_argument', method);
      }
    },
  );

  it.each(NOT_SERVED.length > 0 ? NOT_SERVED : ['(none)'])(
    '%s: served elsewhere (local only), refused by this service whatever the arguments',
    async (method) => {
      if (method === '(none)') return;
      const ctx = setup();
      await expectRefused(ctx, method, validArgs(method as MethodName, ctx.id), 'unauthorized');
      for (const { args } of badArgs(method as MethodName, validArgs(method as MethodName, ctx.id)).slice(0, 20)) {
        await expectRefused(ctx, method, args, 'unauthorized');
      }
    },
  );

  it('rejects blank titles and names, unknown enum values and empty edits with clear messages', async () => {
    const ctx = setup();
    await expectRefused(
      ctx,
      'declareIncident',
      { title: '   ', severity: 'SEV2' },
      'invalid_argument',
      'title: is required',
    );
    await expectRefused(ctx, 'declareIncident', { title: 'x', severity: 'SEV5' }, 'invalid_argument', 'severity');
    await expectRefused(ctx, 'declareIncident', { title: 'x', severity: 'sev1' }, 'invalid_argument', 'severity');
    await expectRefused(ctx, 'changeStatus', { id: ctx.id, status: 'done' }, 'invalid_argument', 'status');
    await expectRefused(
      ctx,
      'setMilestone',
      { id: ctx.id, milestone: 'lunchAt', at: NOW },
      'invalid_argument',
      'milestone',
    );
    await expectRefused(
      ctx,
      'setMilestone',
      { id: ctx.id, milestone: 'mitigatedAt', at: Date.UTC(1999, 11, 31) },
      'invalid_argument',
      'at: is before the year 2000',
    );
    await expectRefused(ctx, 'editIncident', { id: ctx.id }, 'invalid_argument', 'nothing to change');
    await expectRefused(ctx, 'setProfile', { displayName: '' }, 'invalid_argument', 'displayName: is required');
    await expectRefused(ctx, 'getIncident', { id: 'short' }, 'invalid_argument', 'id: must be 8-64 characters');
    await expectRefused(ctx, 'getIncident', { id: "x'; DROP TABLE ops; --" }, 'invalid_argument', 'id');
    await expectRefused(
      ctx,
      'declareIncident',
      { title: 'x', severity: 'SEV2', services: ['ok', ''] },
      'invalid_argument',
      'services.1',
    );
  });

  it('answers not_found for a well-formed but unknown incident id, and stores nothing', async () => {
    const ctx = setup();
    for (const method of SERVED) {
      const args = validArgs(method, UNKNOWN_ID);
      if (!('id' in args)) continue;
      await expectRefused(ctx, method, args, 'not_found', UNKNOWN_ID);
    }
  });

  it('logs every refusal without crashing, and keeps serving', async () => {
    const ctx = setup();
    await ctx.w.handle('changeSeverity', { id: ctx.id, severity: 42 });
    await ctx.w.handle('nope', {});
    await ctx.w.handle('getIncident', { id: UNKNOWN_ID });
    const refusals = ctx.log.records.filter((r) => r.msg === 'request refused');
    expect(refusals.map((r) => r.fields?.code)).toEqual(['invalid_argument', 'unknown_method', 'not_found']);
    expect(refusals[0]!.fields).toMatchObject({ method: 'changeSeverity' });
    expect((await ctx.w.handle('getIncident', { id: ctx.id })).ok).toBe(true);
  });
});

describe('valid flows', () => {
  it('declares an incident with its war-room name and milestones, and lists it', async () => {
    const dir = tmp.dir();
    const w = tmp.open(dir, { now: () => NOW });
    const changed: Incident[] = [];
    w.subscribe((event, payload) => {
      if (event === 'incidentChanged') changed.push(payload as Incident);
    });
    const incident = await ok<Incident>(w, 'declareIncident', validArgs('declareIncident', ''));
    expect(incident).toMatchObject({
      name: 'incident-2025-03-03-1407-checkout-500s',
      title: 'Checkout 500s',
      severity: 'SEV2',
      status: 'investigating',
      summary: 'Card payments fail',
      services: ['checkout'],
      createdBy: w.profile().displayName,
      conflicts: [],
    });
    expect(incident.id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(incident.milestones).toEqual({
      impactStartedAt: NOW - 60_000,
      detectedAt: NOW,
      acknowledgedAt: null,
      declaredAt: NOW,
      identifiedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
    });
    expect(changed).toEqual([incident]);

    const list = await ok<{ id: string }[]>(w, 'listIncidents', {});
    expect(list).toEqual([
      {
        id: incident.id,
        name: incident.name,
        title: 'Checkout 500s',
        severity: 'SEV2',
        status: 'investigating',
        createdAt: incident.createdAt,
        updatedAt: incident.updatedAt,
        impactStartedAt: NOW - 60_000,
      },
    ]);
    expect(await ok(w, 'getIncident', { id: incident.id })).toEqual(incident);
    expect(Object.keys(w.versionVector())).toEqual([originFor(w.peerId, incident.id)]);
  });

  it('changes severity and status, stamping each milestone the first time its status is reached', async () => {
    let now = NOW;
    const w = tmp.open(tmp.dir(), { now: () => now });
    const { id } = await ok<Incident>(w, 'declareIncident', { title: 'DNS flapping', severity: 'SEV3' });

    now += 60_000;
    expect(await ok<Incident>(w, 'changeSeverity', { id, severity: 'SEV1' })).toMatchObject({ severity: 'SEV1' });

    now += 60_000;
    const identified = await ok<Incident>(w, 'changeStatus', { id, status: 'identified' });
    expect(identified.status).toBe('identified');
    expect(identified.milestones.identifiedAt).toBe(NOW + 120_000);

    now += 60_000;
    const monitoring = await ok<Incident>(w, 'changeStatus', { id, status: 'monitoring' });
    expect(monitoring.milestones).toEqual(identified.milestones); // monitoring has no milestone

    now += 60_000;
    const resolved = await ok<Incident>(w, 'changeStatus', { id, status: 'resolved' });
    expect(resolved.milestones.resolvedAt).toBe(NOW + 240_000);

    // Reopening and identifying again keeps the first identification time.
    now += 60_000;
    await ok(w, 'changeStatus', { id, status: 'investigating' });
    const again = await ok<Incident>(w, 'changeStatus', { id, status: 'identified' });
    expect(again.milestones.identifiedAt).toBe(NOW + 120_000);

    now += 60_000;
    const closed = await ok<Incident>(w, 'changeStatus', { id, status: 'closed' });
    expect(closed.milestones.closedAt).toBe(NOW + 360_000);
    expect(closed.updatedAt).toBeGreaterThanOrEqual(NOW + 360_000);
    expect(Object.keys(w.versionVector())).toEqual([originFor(w.peerId, id)]);
    expect(closed.conflicts).toEqual([]);
  });

  it('edits fields and milestones; an explicit milestone edit wins over the automatic stamp', async () => {
    let now = NOW;
    const w = tmp.open(tmp.dir(), { now: () => now });
    const declared = await ok<Incident>(w, 'declareIncident', { title: 'Login latency', severity: 'SEV3' });
    const { id } = declared;

    const edited = await ok<Incident>(w, 'editIncident', { id, summary: 'p99 at 4 s', services: ['auth', 'edge'] });
    expect(edited).toMatchObject({ title: 'Login latency', summary: 'p99 at 4 s', services: ['auth', 'edge'] });
    const renamed = await ok<Incident>(w, 'editIncident', { id, title: '  Login latency in EU  ' });
    expect(renamed.title).toBe('Login latency in EU');
    expect(renamed.name).toBe(declared.name); // the war-room name is stable

    now += 120_000;
    await ok(w, 'changeStatus', { id, status: 'identified' });
    const corrected = await ok<Incident>(w, 'setMilestone', { id, milestone: 'identifiedAt', at: NOW + 30_000 });
    expect(corrected.milestones.identifiedAt).toBe(NOW + 30_000);
    const impact = await ok<Incident>(w, 'setMilestone', { id, milestone: 'impactStartedAt', at: NOW - 600_000 });
    expect(impact.milestones.impactStartedAt).toBe(NOW - 600_000);
    const cleared = await ok<Incident>(w, 'setMilestone', { id, milestone: 'impactStartedAt', at: null });
    expect(cleared.milestones.impactStartedAt).toBeNull();

    // Going back to identified does not overwrite the corrected time.
    await ok(w, 'changeStatus', { id, status: 'investigating' });
    const back = await ok<Incident>(w, 'changeStatus', { id, status: 'identified' });
    expect(back.milestones.identifiedAt).toBe(NOW + 30_000);
  });

  it('reads and sets the profile, emits profileChanged, and keeps it across a restart', async () => {
    const dir = tmp.dir();
    const w = tmp.open(dir);
    const events: unknown[] = [];
    w.subscribe((event, payload) => events.push([event, payload]));
    const initial = await ok<{ peerId: string; displayName: string }>(w, 'getProfile', {});
    expect(initial.peerId).toBe(w.peerId);
    expect(initial.displayName.length).toBeGreaterThan(0);

    const updated = await ok(w, 'setProfile', { displayName: '  Dana (IC)  ' });
    expect(updated).toMatchObject({ peerId: w.peerId, displayName: 'Dana (IC)' });
    expect(events).toEqual([['profileChanged', updated]]);

    const declared = await ok<Incident>(w, 'declareIncident', { title: 'x', severity: 'SEV4' });
    expect(declared.createdBy).toBe('Dana (IC)');
    w.close();

    const reopened = tmp.open(dir);
    expect(await ok(reopened, 'getProfile', undefined)).toEqual(updated);
  });
});
