/**
 * The role board in `warroom serve --ui` (issue #4's "done means"): declare a SEV1, cover roles,
 * hand IC over with a brief, lower the severity. The second test runs two serve peers linked by
 * sync so that Lee acknowledges from Lee's own console.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { contract, declare, watchConsole } from './helpers';

function uncoveredList(board: Locator): Locator {
  return board.getByRole('list', { name: /Uncovered required roles/ }).getByRole('listitem');
}

async function assignByName(board: Locator, role: string, name: string): Promise<void> {
  const card = board.getByRole('article', { name: role });
  await card.getByRole('combobox', { name: `Person for ${role}` }).selectOption({ label: '+ Add person by name…' });
  await card.getByRole('textbox', { name: `New person's name (Person for ${role})` }).fill(name);
  await card.getByRole('button', { name: `Assign ${role}` }).click();
}

async function startHandoff(page: Page, board: Locator, role: string, to: string): Promise<void> {
  await board
    .getByRole('article', { name: role })
    .getByRole('button', { name: `Hand off ${role}…` })
    .click();
  const dialog = page.getByRole('dialog', { name: `Hand off ${role}` });
  const picker = dialog.getByRole('combobox', { name: 'Incoming holder' });
  await expect(picker).toBeFocused();
  const existing = picker.getByRole('option', { name: to, exact: true });
  if ((await existing.count()) > 0) {
    await picker.selectOption({ label: to });
  } else {
    await picker.selectOption({ label: '+ Add person by name…' });
    await dialog.getByRole('textbox', { name: "New person's name (Incoming holder)" }).fill(to);
  }
  await dialog.getByLabel('Current state').fill('Primary DB failed over; writes recovering, reads still slow');
  await dialog.getByLabel('Open actions').fill('Watch replication lag; draft customer update');
  await dialog.getByRole('button', { name: 'Start handoff' }).click();
  await expect(dialog).toBeHidden();
}

test('SEV1 role board: uncovered roles, assign, hand off IC with a brief, lower to SEV3', async ({ page, serve }) => {
  const problems = watchConsole(page);
  const server = await serve();
  const api = await contract(server);
  await api.call('setProfile', { displayName: 'Alex' });
  await page.goto(server.url);

  await declare(page, 'Orders database down', 'SEV1');
  const board = page.getByRole('region', { name: 'Role board' });
  await expect(uncoveredList(board)).toHaveText([
    /Incident Commander/,
    /Technical Lead/,
    /Scribe/,
    /Communications Lead/,
  ]);
  await expect(page.getByLabel('Uncovered roles')).toContainText('Incident Commander');

  // Yourself as IC by keyboard: focus the button and press Enter.
  const ic = board.getByRole('article', { name: 'Incident Commander' });
  await ic.getByRole('button', { name: 'Take Incident Commander' }).focus();
  await page.keyboard.press('Enter');
  await expect(ic).toContainText('Held by Alex (you)');
  await assignByName(board, 'Scribe', 'Dana');
  await expect(board.getByRole('article', { name: 'Scribe' })).toContainText('Held by Dana');
  await expect(uncoveredList(board)).toHaveText([/Technical Lead/, /Communications Lead/]);
  await expect(page.getByLabel('Uncovered roles')).toHaveText(/Uncovered: Technical Lead, Communications Lead/);

  // The IC checklist is open for its holder; a tick is stored and survives a reload.
  // (A controlled checkbox: it shows the stored state, so it turns checked once the service replied.)
  await ic.getByRole('checkbox', { name: 'Declare the severity' }).click();
  await expect(ic.getByRole('checkbox', { name: 'Declare the severity' })).toBeChecked();
  await expect(ic.getByText('Incident Commander checklist (1/6)')).toBeVisible();

  await startHandoff(page, board, 'Incident Commander', 'Lee');
  const pending = ic.getByRole('group', { name: 'Pending Incident Commander handoff' });
  await expect(pending).toContainText('Handoff pending to Lee from Alex (you)');
  await expect(pending).toContainText('Primary DB failed over');
  // Alex keeps command until Lee acknowledges, and this console is not Lee's.
  await expect(ic).toContainText('Held by Alex (you)');
  await expect(pending.getByRole('button', { name: /Acknowledge/ })).toHaveCount(0);

  const incidentId = (await api.call('listIncidents', {}))[0]!.id;
  const log = await api.call('getTimeline', { incidentId, kinds: ['role_change'] });
  expect(log.entries.map((e) => e.text.split('\n')[0])).toEqual([
    'Alex assigned as Incident Commander',
    'Dana assigned as Scribe',
    'Incident Commander handoff from Alex to Lee started; Alex keeps the role until Lee acknowledges.',
  ]);

  await page.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('SEV3');
  await expect(board.getByRole('status').filter({ hasText: 'All required roles covered' })).toBeVisible();
  await expect(board.getByText('Required', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Uncovered roles')).toHaveCount(0);

  await page.reload();
  await page
    .getByRole('region', { name: 'Incidents' })
    .getByRole('button', { name: /Orders database down/ })
    .click();
  await expect(ic.getByRole('checkbox', { name: 'Declare the severity' })).toBeChecked();
  await expect(pending).toBeVisible();

  api.close();
  expect(problems).toEqual([]);
});

test('two consoles: Lee acknowledges the IC handoff from Lee\u2019s own console', async ({ browser, serve, page }) => {
  const alexServer = await serve();
  const leeDir = await mkdtemp(join(tmpdir(), 'warroom-e2e-lee-'));
  const leeServer = await serve(leeDir);
  try {
    const alex = await contract(alexServer);
    const lee = await contract(leeServer);
    await alex.call('setProfile', { displayName: 'Alex' });
    await lee.call('setProfile', { displayName: 'Lee' });

    // `serve` hosts a room on loopback by default; Lee's console joins it with Alex's link,
    // which the status carries once listening has completed.
    let link = '';
    await expect
      .poll(async () => (link = (await alex.call('getSyncStatus', {})).hosting?.link ?? ''), { timeout: 10_000 })
      .toBeTruthy();
    await lee.call('joinRoom', { link });

    await page.goto(alexServer.url);
    await declare(page, 'Payments failing', 'SEV1');
    const alexBoard = page.getByRole('region', { name: 'Role board' });
    await alexBoard.getByRole('button', { name: 'Take Incident Commander' }).click();
    await assignByName(alexBoard, 'Scribe', 'Dana');
    await expect(uncoveredList(alexBoard)).toHaveCount(2);

    // Lee opens the incident on Lee's console before being named: still the addressee.
    const leePage = await browser.newPage();
    await leePage.goto(leeServer.url);
    const row = leePage.getByRole('region', { name: 'Incidents' }).getByRole('button', { name: /Payments failing/ });
    await row.click();
    const leeBoard = leePage.getByRole('region', { name: 'Role board' });
    await expect(leeBoard.getByRole('article', { name: 'Incident Commander' })).toContainText('Held by Alex');
    await expect(alexBoard.getByRole('region', { name: 'People' })).toContainText('Lee');

    await startHandoff(page, alexBoard, 'Incident Commander', 'Lee');
    const leeIc = leeBoard.getByRole('article', { name: 'Incident Commander' });
    const ack = leeIc.getByRole('button', { name: 'Acknowledge Incident Commander handoff' });
    await ack.click();
    await expect(leeIc).toContainText('Held by Lee (you)');
    await expect(alexBoard.getByRole('article', { name: 'Incident Commander' })).toContainText('Held by Lee');
    // Presence and the board feed each other: Lee's console is in the room, and holds IC.
    await expect(alexBoard.getByRole('article', { name: 'Incident Commander' })).toContainText('Held by Lee online');
    await expect(
      page.getByRole('region', { name: 'Peers' }).getByRole('listitem').filter({ hasText: 'Lee' }),
    ).toContainText('Incident Commander');
    await expect(alexBoard.getByRole('group', { name: 'Pending Incident Commander handoff' })).toHaveCount(0);

    const incidentId = (await alex.call('listIncidents', {}))[0]!.id;
    await expect
      .poll(async () =>
        (await alex.call('getTimeline', { incidentId, kinds: ['role_change'] })).entries.map((e) => e.data?.action),
      )
      .toEqual(['assign', 'assign', 'handoff', 'acknowledge']);

    await page.getByRole('combobox', { name: 'Severity', exact: true }).selectOption('SEV3');
    await expect(leeBoard.getByRole('status').filter({ hasText: 'All required roles covered' })).toBeVisible();
    alex.close();
    lee.close();
    await leePage.close();
  } finally {
    await leeServer.stop();
    await rm(leeDir, { recursive: true, force: true });
  }
});

test('a required role left uncovered for 5 minutes nudges the IC: a flag and one desktop notification', async ({
  page,
  serve,
}) => {
  // The OS notification is outside the page: record what the page asks for instead. (A string:
  // this file is type-checked for Node, which has no DOM.)
  await page.addInitScript({
    content: `
      window.shownNotifications = [];
      window.Notification = class {
        static permission = 'granted';
        static requestPermission() { return Promise.resolve('granted'); }
        constructor(title, options) { window.shownNotifications.push([title, options?.body ?? '']); }
      };
    `,
  });
  await page.clock.install();
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Payments failing', 'SEV1');
  const board = page.getByRole('region', { name: 'Role board' });
  await board.getByRole('button', { name: 'Take Incident Commander' }).click();
  await expect(uncoveredList(board)).toHaveCount(3);
  await expect(board.getByText('IC: assign now')).toHaveCount(0);

  await page.clock.fastForward('05:01');
  await expect(board.getByText('IC: assign now')).toHaveCount(3);
  const shown = (): Promise<string[][]> => page.evaluate('window.shownNotifications');
  await expect.poll(shown).toHaveLength(1);
  const [[title, body]] = (await shown()) as [[string, string]];
  expect(title).toMatch(/^Warroom: SEV1 incident-.*-payments-failing$/);
  expect(body).toBe(
    'Assign now: Technical Lead (uncovered 5m), Scribe (uncovered 5m), Communications Lead (uncovered 5m)',
  );

  // Raised once per uncovered stretch, not on every tick.
  await page.clock.fastForward('01:00');
  await expect(board.getByText('IC: assign now')).toHaveCount(3);
  expect(await shown()).toHaveLength(1);
});
