/**
 * "Export postmortem" in `warroom serve --ui`: the draft downloads as Markdown with the
 * incident's metrics, its timeline in order and the actions recorded as action items.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from './fixtures';

test('exports a blameless postmortem draft as Markdown', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Declare incident' }).click();
  const dialog = page.getByRole('dialog', { name: 'Declare incident' });
  await dialog.getByLabel('Title').fill('Checkout 500s');
  await dialog.getByLabel('Severity', { exact: true }).selectOption('SEV2');
  await dialog.getByRole('button', { name: 'Declare', exact: true }).click();

  const entry = page.getByRole('textbox', { name: 'Timeline entry' });
  await entry.fill('/d Rolled back api to v1.2.2');
  await entry.press('Enter');
  await entry.fill('/a Add a canary stage for checkout');
  await entry.press('Enter');
  const timeline = page.getByRole('region', { name: 'Timeline' });
  await expect(timeline.getByText('Add a canary stage for checkout')).toBeVisible();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('resolved');
  await expect(timeline.getByText('Status changed from Investigating to Resolved')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export postmortem' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^incident-\d{4}-\d{2}-\d{2}-\d{4}-checkout-500s-postmortem\.md$/);
  const markdown = await readFile((await download.path())!, 'utf8');
  expect(markdown).toContain('# Postmortem: Checkout 500s');
  expect(markdown).toContain('| Severity | SEV2 (Major) |');
  expect(markdown).toMatch(/\| Time to resolve \| (\d+ s|\d+ min) \|/);
  expect(markdown).toContain('- [ ] Add a canary stage for checkout');
  const timelineSection = markdown.slice(markdown.indexOf('## Timeline'));
  expect(timelineSection.indexOf('Rolled back api to v1.2.2')).toBeLessThan(
    timelineSection.indexOf('Status changed from Investigating to Resolved'),
  );
  await expect(page.getByRole('status').filter({ hasText: /^Saved incident-/ })).toBeVisible();
});
