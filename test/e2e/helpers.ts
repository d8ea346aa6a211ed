/** Page and socket helpers the e2e specs share: what a user does, and the contract a peer sees. */
import type { Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import {
  WEB_NAMESPACE,
  type Envelope,
  type MethodArgs,
  type MethodName,
  type MethodResults,
} from '../../src/shared/api';
import { expect, type ServeProcess } from './fixtures';

/** Collects console errors and uncaught page errors (CSP violations among them): a flow must produce none. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Declare an incident through the dialog, as a user would, and wait for the dialog to close. */
export async function declare(page: Page, title: string, severity = 'SEV2'): Promise<void> {
  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill(title);
  await dialog.getByLabel('Severity', { exact: true }).selectOption(severity);
  await dialog.getByRole('button', { name: 'Declare', exact: true }).click();
  await expect(dialog).toBeHidden();
}

export interface ContractClient {
  /** Resolves with the method's value; a refusal rejects with its code and message. */
  call: <M extends MethodName>(method: M, args: MethodArgs<M>) => Promise<MethodResults[M]>;
  close: () => void;
}

/** The contract over the same socket the browser uses, as a second participant would: for set-up and checks. */
export async function contract(server: ServeProcess): Promise<ContractClient> {
  const socket: Socket = io(server.origin + WEB_NAMESPACE, {
    auth: { token: server.token },
    transports: ['websocket'],
  });
  await new Promise<void>((done, fail) => {
    socket.once('connect', () => done());
    socket.once('connect_error', fail);
  });
  return {
    call: async (method, args) => {
      const reply = (await socket.timeout(10_000).emitWithAck('call', method, args)) as Envelope<never>;
      if (!reply.ok) throw new Error(`${method}: ${reply.error.code}: ${reply.error.message}`);
      return reply.value;
    },
    close: () => socket.disconnect(),
  };
}
