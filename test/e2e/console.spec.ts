/** The browser console over `warroom serve --ui`: the flow of issue #2's "done means". */
import { io } from 'socket.io-client';
import { WEB_NAMESPACE } from '../../src/shared/api';
import { expect, test } from './fixtures';
import { declare, watchConsole } from './helpers';

test('declare, change status, reload, restart: the incident is still there', async ({ page, serve, dataDir }) => {
  const problems = watchConsole(page);
  const first = await serve();
  await page.goto(first.url);
  // The token leaves the address bar at once.
  await expect(page).toHaveURL(`${first.origin}/`);

  await declare(page, 'Checkout 500s', 'SEV2');
  const incidents = page.getByRole('region', { name: 'Incidents' });
  const row = incidents.getByRole('button', { name: /Checkout 500s/ });
  await expect(row).toContainText('SEV2');
  await expect(row).toContainText('Investigating');

  const status = page.getByRole('combobox', { name: 'Status' });
  await status.selectOption('identified');
  await expect(row).toContainText('Identified');
  await expect(page.getByRole('combobox', { name: 'Severity' })).toHaveValue('SEV2');
  const roomName = page.getByLabel('War-room name');
  await expect(roomName).toHaveValue(/^incident-\d{4}-\d{2}-\d{2}-\d{4}-checkout-500s$/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy war-room name' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  // A string expression: this file is type-checked for Node, where `navigator` has no clipboard.
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(await roomName.inputValue());

  await page.reload();
  await expect(row).toContainText('SEV2');
  await expect(row).toContainText('Identified');
  await row.click();
  await expect(status).toHaveValue('identified');

  expect(problems).toEqual([]);
  expect(await first.stop()).toBe(0);
  const second = await serve(dataDir);
  await page.goto(second.url);
  await expect(row).toContainText('SEV2');
  await expect(row).toContainText('Identified');
  await row.click();
  await expect(status).toHaveValue('identified');
  await expect(page.getByRole('combobox', { name: 'Severity' })).toHaveValue('SEV2');

  // While the server was down the old page retried and failed to connect, as it should.
  expect(problems.filter((p) => !p.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
});

test('a wrong or missing token gets no data', async ({ page, browser, serve }) => {
  const server = await serve();
  // Something worth stealing, declared through the front door.
  const owner = io(server.origin + WEB_NAMESPACE, { auth: { token: server.token }, transports: ['websocket'] });
  await owner.emitWithAck('call', 'declareIncident', { title: 'Secret breach', severity: 'SEV1' });
  owner.disconnect();

  await page.goto(`${server.origin}/?token=wrong-token`);
  await expect(page.getByRole('alert')).toContainText('Access denied');
  await expect(page.getByRole('status').filter({ hasText: 'Access denied' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Incidents' })).not.toContainText('Secret breach');

  const fresh = await browser.newPage();
  await fresh.goto(`${server.origin}/`);
  await expect(fresh.getByRole('alert')).toContainText('Access denied');
  await expect(fresh.getByRole('region', { name: 'Incidents' })).not.toContainText('Secret breach');
  await fresh.close();

  const intruder = io(server.origin + WEB_NAMESPACE, {
    auth: { token: 'wrong-token' },
    transports: ['websocket'],
    reconnection: false,
  });
  const events: unknown[] = [];
  intruder.onAny((...args: unknown[]) => events.push(args));
  const refusal = await new Promise<Error | null>((done) => {
    intruder.once('connect', () => done(null));
    intruder.once('connect_error', done);
  });
  intruder.disconnect();
  expect(refusal?.message).toMatch(/Access denied/);
  expect(events).toEqual([]);
});

test('keyboard: N opens the declare dialog, Esc closes it and focus returns', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();

  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await page.keyboard.press('n');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Title')).toBeFocused();
  // Typing "n" into a field must not reopen anything; Esc closes.
  await page.keyboard.type('nnn');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const opener = page.getByRole('button', { name: 'Declare incident' });
  await opener.focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Declaring without a severity is refused inside the dialog, with focus on the field.
  await page.keyboard.press('n');
  await page.keyboard.type('Disk full on db-3');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('alert')).toContainText('Choose a severity');
  await expect(dialog.getByLabel('Severity', { exact: true })).toBeFocused();
});

test('triage helper suggests a severity; policy and milestones follow the incident', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill('Orders table truncated');
  await dialog.getByLabel('Impact scope').selectOption({ label: 'Few users, a workaround exists' });
  await expect(dialog).toContainText('Suggested: SEV3');
  await dialog.getByLabel('Data loss').check();
  await expect(dialog).toContainText('Suggested: SEV1');
  await dialog.getByRole('button', { name: 'Apply suggested severity' }).click();
  await expect(dialog.getByLabel('Severity', { exact: true })).toHaveValue('SEV1');
  await dialog.getByRole('button', { name: 'Declare', exact: true }).click();

  const view = page.getByRole('region', { name: 'Incident: Orders table truncated' });
  await expect(view.getByRole('region', { name: 'Severity policy' })).toContainText('< 5 min');
  await expect(view).toContainText('Incident Commander, Technical Lead, Scribe, Communications Lead');

  const mitigated = view.getByLabel('Mitigated', { exact: true });
  await expect(mitigated).toHaveValue('');
  await view.getByRole('button', { name: 'Set Mitigated to now' }).click();
  // Chromium reports the value without seconds when they are :00, one minute in sixty.
  await expect(mitigated).toHaveValue(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/);
  await view.getByRole('button', { name: 'Clear Mitigated' }).click();
  await expect(mitigated).toHaveValue('');

  await view.getByRole('combobox', { name: 'Severity' }).selectOption('SEV3');
  await expect(view.getByRole('region', { name: 'Severity policy' })).toContainText('< 1 h');
  await view.getByLabel('Summary').fill('Rows after id 1e6 gone since 14:02');
  await view.getByRole('button', { name: 'Save details' }).click();
  await expect(view.getByRole('button', { name: 'Save details' })).toBeDisabled();
  await page.reload();
  await page
    .getByRole('region', { name: 'Incidents' })
    .getByRole('button', { name: /Orders table truncated/ })
    .click();
  await expect(page.getByLabel('Summary')).toHaveValue('Rows after id 1e6 gone since 14:02');
});

test('your profile: name yourself, with a handle, and the role board shows it', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  // Until named, the console writes as the OS account and says so.
  const you = page.getByRole('button', { name: /^You:/ });
  await expect(you).toContainText('set your name');
  await you.click();
  const dialog = page.getByRole('dialog', { name: 'Your profile' });
  await expect(dialog.getByLabel('Display name')).toBeFocused();
  await expect(dialog.getByRole('button', { name: 'Save' })).toBeDisabled(); // the name is required
  await dialog.getByLabel('Display name').fill('Dana Reyes');
  await dialog.getByLabel(/^Handle/).fill('@dana');
  await dialog.getByLabel(/^Contact/).fill('+1 555 0100');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(you).toHaveText('You: Dana Reyes');

  await declare(page, 'Login latency', 'SEV2');
  await expect(page.getByRole('region', { name: 'People' })).toContainText('Dana Reyes (you) — @dana, +1 555 0100');

  // Renaming later reaches the incident's participant with the next write.
  await you.click();
  await dialog.getByLabel('Display name').fill('Dana R.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('identified');
  await expect(page.getByRole('region', { name: 'People' })).toContainText('Dana R. (you)');
});
