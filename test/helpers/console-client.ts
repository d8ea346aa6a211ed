/** Driving `warroom serve` from a test as the browser console does: its page and its socket. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { WEB_NAMESPACE, type Envelope } from '../../src/shared/api';

/** A minimal built renderer under `dir`/renderer, so serve has a page to hand out; returns its folder. */
export async function stubRenderer(dir: string): Promise<string> {
  const rendererDir = join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Warroom</title>');
  return rendererDir;
}

/** Connects to the bridge behind a printed console URL, with the token it carries. */
export async function connectConsole(url: string): Promise<Socket> {
  const parsed = new URL(url);
  const socket = io(`${parsed.origin}${WEB_NAMESPACE}`, {
    auth: { token: parsed.searchParams.get('token') },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** One contract call over the bridge: the value, or a throw with the refusal's message. */
export async function callConsole<T>(socket: Socket, method: string, args: unknown): Promise<T> {
  const envelope = (await socket.emitWithAck('call', method, args)) as Envelope<T>;
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.value;
}
