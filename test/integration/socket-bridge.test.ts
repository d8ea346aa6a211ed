/**
 * The browser's bridge (src/renderer/bridge/socket-bridge.ts) and the incidents store, end to end
 * against the real web server and the real service: what the console sees over the wire.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, WarroomError, type WarroomApi } from '../../src/shared/api';
import type { Incident } from '../../src/shared/domain/incident';
import { silentLogger } from '../../src/main/core/log';
import type { WarroomService } from '../../src/main/core/service';
import { openWarroom } from '../../src/main/core/warroom';
import { startWebServer, type WebServer } from '../../src/main/web/server';
import type { Connection } from '../../src/renderer/bridge/connection';
import { createSocketBridge, type SocketBridge } from '../../src/renderer/bridge/socket-bridge';
import { createIncidentsStore } from '../../src/renderer/incidents/store';

let dir: string;
let service: WarroomService;
let server: WebServer;
const bridges: SocketBridge[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-bridge-'));
  service = openWarroom({ dataDir: join(dir, 'data'), log: silentLogger });
  server = await startWebServer({ service, rendererDir: dir, host: '127.0.0.1', port: 0, log: silentLogger });
});

afterEach(() => {
  for (const b of bridges.splice(0)) b.close();
});

afterAll(async () => {
  await server.close();
  service.close();
  await rm(dir, { recursive: true, force: true });
});

function bridge(token: string | null = server.token): SocketBridge {
  const b = createSocketBridge({ origin: `http://127.0.0.1:${server.port}`, token, callTimeoutMs: 5_000 });
  bridges.push(b);
  return b;
}

function settled(b: SocketBridge): Promise<Connection> {
  return new Promise((resolve) => {
    const off = b.onConnection((c) => {
      if (c.state === 'connected' || c.state === 'unauthorized') {
        off();
        resolve(c);
      }
    });
  });
}

function nextEvent(api: WarroomApi, match: (incident: Incident) => boolean): Promise<Incident> {
  return new Promise((resolve) => {
    const off = api.on('incidentChanged', (incident) => {
      if (match(incident)) {
        off();
        resolve(incident);
      }
    });
  });
}

describe('socket bridge', () => {
  it('offers every contract method and runs them against the service', async () => {
    const { api } = bridge();
    for (const name of METHOD_NAMES) expect(typeof api[name]).toBe('function');
    const incident = await api.declareIncident({ title: 'Checkout 500s', severity: 'SEV2' });
    expect(incident).toMatchObject({ title: 'Checkout 500s', severity: 'SEV2', status: 'investigating' });
    expect(await api.getIncident({ id: incident.id })).toEqual(incident);
  });

  it('turns error envelopes into thrown WarroomErrors carrying code and message', async () => {
    const { api } = bridge();
    const error: unknown = await api
      .changeStatus({ id: 'no-such-incident', status: 'identified' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WarroomError);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringContaining('no-such-incident') });
    await expect(api.declareIncident({ title: '', severity: 'SEV9' as 'SEV1' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });

  it("delivers other participants' changes as events", async () => {
    const a = bridge();
    const b = bridge();
    await Promise.all([settled(a), settled(b)]);
    const incident = await a.api.declareIncident({ title: 'DNS flaps', severity: 'SEV3' });
    const seen = nextEvent(b.api, (i) => i.id === incident.id && i.status === 'monitoring');
    await a.api.changeStatus({ id: incident.id, status: 'monitoring' });
    expect((await seen).status).toBe('monitoring');
  });

  it.each([
    ['a wrong token', 'wrong'],
    ['no token', null],
  ])('with %s: reports unauthorized and fails calls at once, queued ones included', async (_label, token) => {
    const b = bridge(token);
    const queued = b.api.listIncidents({});
    const connection = await settled(b);
    expect(connection).toEqual({ state: 'unauthorized', message: expect.stringContaining('Access denied') });
    await expect(queued).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(b.api.listIncidents({})).rejects.toMatchObject({ code: 'unauthorized' });
  });
});

describe('incidents store over the bridge', () => {
  it('caches what the service returns and follows events', async () => {
    const mine = bridge();
    const theirs = bridge();
    await Promise.all([settled(mine), settled(theirs)]);
    const errors: unknown[] = [];
    const store = createIncidentsStore(mine.api, (e) => errors.push(e));
    mine.api.on('incidentChanged', (i) => store.getState().receive(i));
    await store.getState().load();
    expect(store.getState().loaded).toBe(true);

    const declared = await store.getState().declare({ title: 'Payments latency', severity: 'SEV2' });
    expect(store.getState().selected?.id).toBe(declared.id);
    expect(store.getState().summaries[declared.id]).toMatchObject({ title: 'Payments latency' });

    const seen = nextEvent(mine.api, (i) => i.id === declared.id && i.severity === 'SEV1');
    await theirs.api.changeSeverity({ id: declared.id, severity: 'SEV1' });
    await seen;
    expect(store.getState().selected?.severity).toBe('SEV1');
    expect(store.getState().summaries[declared.id]?.severity).toBe('SEV1');

    await store.getState().changeStatus(declared.id, 'closed');
    await store.getState().changeStatus('missing-incident-id', 'closed');
    expect(store.getState().selected?.status).toBe('closed');
    expect(errors).toHaveLength(1);
  });

  it('never lets an older version of an incident replace a newer one', async () => {
    const { api } = bridge();
    const store = createIncidentsStore(api, () => {});
    const v1 = await api.declareIncident({ title: 'Old', severity: 'SEV4' });
    const v2 = { ...v1, title: 'New', updatedAt: v1.updatedAt + 1 };
    store.getState().receive(v2);
    store.getState().receive(v1);
    expect(store.getState().summaries[v1.id]?.title).toBe('New');
  });
});
