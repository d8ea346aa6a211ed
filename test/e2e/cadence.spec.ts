/**
 * The update cadence in `warroom serve --ui` (issue #7's "done means"): a SEV1 countdown that
 * runs, an update from the composer that lands in the timeline and restarts it, the monitoring
 * cadence, pause with a reason, and a 3 s override that turns overdue.
 */
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { declare, watchConsole } from './helpers';

/** mm:ss on the big clock, in seconds. */
async function clockSeconds(timer: Locator): Promise<number> {
  const text = (await timer.textContent()) ?? '';
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) throw new Error(`the clock shows "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

test('SEV1 countdown: runs, restarts on an update, 30 min when monitoring, pauses with a reason, overdue with a 3 s override', async ({
  page,
  serve,
}) => {
  // A long flow with real waits (a running clock, a 3 s cadence running out).
  test.setTimeout(90_000);
  const problems = watchConsole(page);
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Card payments failing', 'SEV1');

  const region = page.getByRole('region', { name: 'Update cadence' });
  const timer = region.getByRole('timer', { name: 'Time to next update' });
  await expect(timer).toHaveText(/^(10:00|09:5\d)$/);
  await expect(region).toContainText('Every 10 min (policy)');
  await expect(region).toContainText('On track');
  const escalations = region.getByRole('list', { name: 'Escalation deadlines' });
  await expect(escalations.getByRole('listitem')).toHaveCount(4);
  await expect(escalations.getByRole('listitem').first()).toContainText('Acknowledged');
  await expect(escalations.getByRole('listitem').first()).toContainText('pending');

  // It runs: wait until at least two seconds have gone, then an update restarts it.
  await expect.poll(() => clockSeconds(timer), { timeout: 8_000 }).toBeLessThanOrEqual(597);
  await expect(region.getByRole('list', { name: 'Audiences' })).toContainText('Internalnever');

  await region.getByRole('button', { name: 'Post update' }).click();
  const composer = page.getByRole('dialog', { name: 'Post status update' });
  const text = composer.getByLabel('Update text');
  await expect(text).toHaveValue(/## Internal update: Card payments failing/);
  await expect(text).toHaveValue(/\*\*Severity:\*\* SEV1 \(Critical\)/);
  await composer.getByLabel('Template').selectOption('status_page');
  await expect(text).toHaveValue(/We are currently investigating this issue\./);
  await composer.getByLabel('Template').selectOption('internal');
  await expect(text).toHaveValue(/### Next update/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await composer.getByRole('button', { name: 'Copy as plain text' }).click();
  await expect(composer.getByRole('status')).toHaveText('Copied as plain text');
  const plain = await page.evaluate<string>('navigator.clipboard.readText()');
  expect(plain).toMatch(/^Internal update: Card payments failing\n/);
  expect(plain).not.toContain('**');
  await composer.getByRole('button', { name: 'Copy as Markdown' }).click();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toMatch(/^## Internal update/);
  await text.fill('Payments failing for EU cards. Failing over to the secondary PSP.');
  await expect(composer.getByRole('checkbox', { name: 'Internal' })).toBeChecked();
  await composer.getByRole('checkbox', { name: 'Executives' }).check();
  await composer.getByRole('button', { name: 'Post update' }).click();
  await expect(composer).toBeHidden();

  await expect.poll(() => clockSeconds(timer)).toBeGreaterThanOrEqual(598);
  await expect(region.getByRole('list', { name: 'Audiences' })).not.toContainText('Internalnever');
  await expect(region.getByRole('list', { name: 'Audiences' })).toContainText('Executives');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline).toContainText('Failing over to the secondary PSP.');

  // Monitoring: the cadence becomes 30 minutes, still counted from the last update.
  await page.getByRole('combobox', { name: 'Status' }).selectOption('monitoring');
  await expect(region).toContainText('Every 30 min (policy)');
  await expect(timer).toHaveText(/^(30:00|29:\d\d)$/);

  // Pause with a reason: the region says so and the reason is in the timeline.
  await region.getByRole('button', { name: 'Pause countdown' }).click();
  await region.getByLabel('Pause reason').fill('Waiting for the PSP bridge call');
  await region.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(region.locator('.cadence__state-label')).toHaveText('Paused');
  await expect(region).toContainText('Waiting for the PSP bridge call');
  await expect(timeline).toContainText('Update cadence paused: Waiting for the PSP bridge call');
  await region.getByRole('button', { name: 'Resume countdown' }).click();
  await expect(region.locator('.cadence__state-label')).toHaveText('On track');

  // Absurd overrides are refused with a message; a 3 s one turns overdue on screen.
  await region.getByText('Override and alerts').click();
  const override = region.getByLabel('Cadence override');
  await override.fill('0');
  await region.getByRole('button', { name: 'Set override' }).click();
  await expect(region.getByRole('alert').filter({ hasText: 'must be positive' })).toBeVisible();
  await override.fill('25h');
  await region.getByRole('button', { name: 'Set override' }).click();
  await expect(region.getByRole('alert').filter({ hasText: 'at most 24 h' })).toBeVisible();
  await override.fill('3s');
  await region.getByRole('button', { name: 'Set override' }).click();
  await expect(region).toContainText('Every 3 s (override for this incident)');
  await expect(region.locator('.cadence__state-label')).toHaveText(/^Overdue by 00:0\d$/, { timeout: 8_000 });
  await expect(timer).toHaveText(/^\+00:\d\d$/);
  await expect(region.getByRole('alert').filter({ hasText: 'Stakeholder update overdue' })).toBeVisible();
  // The service's scheduler noticed too: its alert reaches the banner.
  await expect(page.getByRole('alert', { name: 'Update alerts' })).toContainText(
    /Card payments failing: stakeholder update (due now|overdue by)/,
  );
  await expect(timeline).toContainText('Update cadence set to every 3 s for this incident');

  // Clearing the override returns to the policy.
  await region.getByRole('button', { name: 'Clear override' }).click();
  await expect(region).toContainText('Every 30 min (policy)');
  expect(problems).toEqual([]);
});
