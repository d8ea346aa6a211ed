/**
 * The scribe's timeline, tried as a new user would in `warroom serve --ui`: capture with
 * shortcuts, backdating, edit history, delete and undo, pins, filters, search, reload, system
 * entries, bad input, safe Markdown, copy as Markdown, and a long list that keeps its place.
 */
import os from 'node:os';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { contract, declare } from './helpers';

const ME = os.userInfo().username;

// The timeline shares the middle column with the incident details and the terminal: give the
// window room for all three, as on a war-room screen.
test.use({ viewport: { width: 1440, height: 1100 } });

function timelineOf(page: Page) {
  const region = page.getByRole('region', { name: 'Timeline' });
  return {
    region,
    box: region.getByRole('textbox', { name: 'Timeline entry' }),
    // Rows only, not the items of an open edit history inside a row.
    entries: region.getByRole('list', { name: 'Timeline entries' }).locator('[role="listitem"][data-entry-id]'),
    entry: (text: string): Locator =>
      region
        .getByRole('list', { name: 'Timeline entries' })
        .locator('[role="listitem"][data-entry-id]')
        .filter({ hasText: text }),
  };
}

/** Texts of the rendered entries, top to bottom. */
async function entryTexts(list: Locator): Promise<string[]> {
  return list.evaluateAll((rows) =>
    rows
      .map((r) => ({
        y: r.getBoundingClientRect().top,
        text: (r.querySelector('.entry__text')?.textContent ?? '').trim(),
      }))
      .sort((a, b) => a.y - b.y)
      .map((r) => r.text),
  );
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The page's clipboard (the test grants the permission). */
function readClipboard(page: Page): Promise<string> {
  type WithClipboard = { navigator: { clipboard: { readText(): Promise<string> } } };
  return page.evaluate(() => (globalThis as unknown as WithClipboard).navigator.clipboard.readText());
}

test('scribe flow: capture, backdate, edit, delete and undo, pin, filter, search, reload, system entries', async ({
  page,
  serve,
}) => {
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Checkout 500s');
  const tl = timelineOf(page);

  // Capture with the decision shortcut: it appears at once, as a decision, with my name and time.
  await expect(tl.region.getByText('/d decision')).toBeVisible(); // the shortcut hint
  await tl.box.fill('/d Rolled back api to v1.2.2');
  await tl.box.press('Enter');
  const rolled = tl.entry('Rolled back api to v1.2.2');
  await expect(rolled).toBeVisible();
  await expect(rolled.locator('.kind')).toHaveText('Decision');
  await expect(rolled.locator('.entry__author')).toHaveText(ME);
  await expect(rolled.locator('time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  await expect(rolled.locator('.entry__ago')).toHaveText('just now');
  await expect(tl.box).toHaveValue('');

  // Backdate another entry to ten minutes ago: it sorts into place, before the decision.
  const tenAgo = new Date(Date.now() - 10 * 60_000);
  await tl.box.fill(`/f Error rate started climbing @${pad(tenAgo.getHours())}:${pad(tenAgo.getMinutes())}`);
  await tl.box.press('Enter');
  const climbing = tl.entry('Error rate started climbing');
  await expect(climbing).toBeVisible();
  await expect(climbing.locator('time')).toHaveText(
    new RegExp(`^${pad(tenAgo.getHours())}:${pad(tenAgo.getMinutes())}:00$`),
  );
  let texts = await entryTexts(tl.entries);
  expect(texts.indexOf('Error rate started climbing')).toBeLessThan(texts.indexOf('Rolled back api to v1.2.2'));
  // The declaration's system entry is newer than the backdated finding.
  expect(texts.indexOf('Error rate started climbing')).toBe(0);

  // Edit it: the history shows both texts, who wrote them and when.
  await climbing.hover();
  await climbing.getByRole('button', { name: 'Edit entry' }).click();
  await expect(tl.box).toHaveValue('Error rate started climbing');
  await expect(tl.box).toBeFocused();
  await tl.box.fill('Error rate started climbing on checkout-api');
  await tl.box.press('Enter');
  const edited = tl.entry('Error rate started climbing on checkout-api');
  await expect(edited.locator('.entry__edited')).toHaveText('edited');
  await edited.getByRole('button', { name: 'History (1 edit)' }).click();
  const history = edited.getByRole('list', { name: 'Edit history' });
  await expect(history.getByText('Error rate started climbing', { exact: true })).toBeVisible();
  await expect(history.getByText('Error rate started climbing on checkout-api (current)')).toBeVisible();
  await expect(history.getByText(ME).first()).toBeVisible();

  // Delete and undo.
  await rolled.getByRole('button', { name: 'Delete entry' }).click();
  await expect(rolled).toHaveCount(0);
  const toast = tl.region.getByRole('status').filter({ hasText: 'Entry deleted' });
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(rolled).toBeVisible();

  // A deleted entry is hidden, not destroyed: the audit view shows it.
  await tl.box.fill('scratch note, typo');
  await tl.box.press('Enter');
  const scratch = tl.entry('scratch note, typo');
  await scratch.getByRole('button', { name: 'Delete entry' }).click();
  await expect(scratch).toHaveCount(0);
  await tl.region.getByRole('button', { name: 'Audit view' }).click();
  await expect(scratch.locator('.entry__deleted-badge')).toHaveText('Deleted');
  await expect(scratch.getByRole('button', { name: 'Restore entry' })).toBeVisible();
  await tl.region.getByRole('button', { name: 'Audit view' }).click();
  await expect(scratch).toHaveCount(0);

  // Pin one; filter to pinned.
  const pin = rolled.getByRole('button', { name: 'Pin entry' });
  await pin.click();
  await expect(pin).toHaveAttribute('aria-pressed', 'true');
  const pinnedOnly = tl.region.getByRole('button', { name: 'Pinned only' });
  await pinnedOnly.click();
  await expect(pinnedOnly).toHaveAttribute('aria-pressed', 'true');
  await expect(tl.entries).toHaveCount(1);
  await expect(tl.entries.first()).toContainText('Rolled back api to v1.2.2');
  await pinnedOnly.click();

  // Filter by kind.
  await tl.region.getByRole('combobox', { name: 'Filter by kind' }).selectOption({ label: 'Finding' });
  await expect(tl.entries).toHaveCount(1);
  await expect(tl.entries.first()).toContainText('Error rate started climbing on checkout-api');
  await tl.region.getByRole('combobox', { name: 'Filter by kind' }).selectOption({ label: 'All kinds' });

  // Filter by author: everything here is mine; nobody else's entries.
  const byAuthor = tl.region.getByRole('combobox', { name: 'Filter by author' });
  await byAuthor.selectOption({ label: `${ME} (you)` });
  await expect(tl.entries).toHaveCount(3);
  await byAuthor.selectOption({ label: 'Everyone' });
  await expect(tl.entries).toHaveCount(3);

  // T from outside a text field jumps to the entry box.
  await tl.region.getByRole('heading', { name: 'Timeline' }).click();
  await page.keyboard.press('t');
  await expect(tl.box).toBeFocused();

  // Search "rolled" (FTS5 in the service) finds the decision, match highlighted.
  await tl.region.getByRole('searchbox', { name: 'Search timeline' }).fill('rolled');
  const results = tl.region.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  await expect(results).toHaveCount(1);
  await expect(results.first()).toContainText('Rolled back api to v1.2.2');
  await expect(results.first().locator('mark')).toHaveText('Rolled');
  await expect(tl.region.getByRole('status').filter({ hasText: /1 match · [\d.]+ ms/ })).toBeVisible();
  // Opening a hit returns to the timeline with the entry focused.
  await results.first().getByRole('button').click();
  await expect(rolled).toBeFocused();

  // Reload: all of it is still there.
  await page.reload();
  await page.getByRole('region', { name: 'Incidents' }).getByText('Checkout 500s').click();
  await expect(rolled).toBeVisible();
  await expect(rolled.getByRole('button', { name: 'Pin entry' })).toHaveAttribute('aria-pressed', 'true');
  await expect(edited).toBeVisible();
  await expect(edited.locator('.entry__edited')).toHaveText('edited');
  await expect(scratch).toHaveCount(0);
  texts = await entryTexts(tl.entries);
  expect(texts.indexOf('Error rate started climbing on checkout-api')).toBeLessThan(
    texts.indexOf('Rolled back api to v1.2.2'),
  );

  // Changing severity writes a system entry.
  await page.getByRole('combobox', { name: 'Severity' }).selectOption('SEV1');
  const system = tl.entry('Severity changed from SEV2 to SEV1');
  await expect(system).toBeVisible();
  await expect(system.locator('.kind')).toHaveText('Severity');
  await expect(system.getByRole('button', { name: 'Edit entry' })).toHaveCount(0);
});

test('bad input: empty, oversized, odd event times; Markdown rendered inert', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Bad input');
  const tl = timelineOf(page);
  await expect(tl.entries).toHaveCount(1); // the declaration

  // Empty: refused quietly.
  await tl.box.fill('   ');
  await tl.box.press('Enter');
  await expect(tl.region.getByRole('alert')).toHaveCount(0);
  await expect(tl.entries).toHaveCount(1);

  // Over 64 KB: refused with a message, the text kept.
  await tl.box.fill('x'.repeat(64 * 1024 + 10));
  await tl.box.press('Enter');
  await expect(tl.region.getByRole('alert')).toContainText('limited to 64 KB');
  await expect(tl.entries).toHaveCount(1);
  await tl.box.press('Escape');
  await expect(tl.box).toHaveValue('');
  await expect(tl.region.getByRole('alert')).toHaveCount(0);

  // Markdown is rendered, HTML is not: a script tag and an image onerror stay text.
  await tl.box.fill(
    '**bold** <script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> [x](javascript:alert(1))',
  );
  await tl.box.press('Enter');
  const hostile = tl.entry('<script>window.__pwned = 1</script>');
  await expect(hostile).toBeVisible();
  await expect(hostile).toContainText('<img src=x onerror="window.__pwned = 2">');
  await expect(hostile.locator('strong')).toHaveText('bold');
  await expect(hostile.locator('script, img, [onerror]')).toHaveCount(0);
  await expect(hostile.locator('a')).toHaveCount(0);
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();

  // An event time in the far future asks first; "Change time" saves nothing.
  const time = tl.region.getByLabel('Event time');
  const nextYear = new Date().getFullYear() + 1;
  await time.fill(`${nextYear}-01-01T10:00:00`);
  await tl.box.fill('from the future');
  await tl.box.press('Enter');
  const question = tl.region.getByRole('alertdialog', { name: 'Check the event time' });
  await expect(question).toContainText('in the future');
  await question.getByRole('button', { name: 'Change time' }).click();
  await expect(question).toBeHidden();
  await expect(tl.entry('from the future')).toHaveCount(0);
  await expect(tl.box).toHaveValue('from the future');

  // Before the incident's year: asked, then saved anyway at that time.
  await time.fill('2001-02-03T04:05:00');
  await tl.box.press('Enter');
  await expect(question).toContainText("before the incident's year");
  await question.getByRole('button', { name: 'Save anyway' }).click();
  const old = tl.entry('from the future');
  await expect(old).toBeVisible();
  await expect(old.locator('time')).toHaveText('04:05:00');
  await expect(old.getByRole('separator')).toHaveAccessibleName(/2001/);

  // Up in the empty box edits my last entry; Esc cancels.
  await tl.box.focus();
  await tl.box.press('ArrowUp');
  await expect(tl.box).toHaveValue('from the future');
  await expect(tl.region.getByText(/^Editing note by/)).toBeVisible();
  await tl.box.press('Escape');
  await expect(tl.box).toHaveValue('');
  await expect(tl.region.getByText(/^Editing note by/)).toHaveCount(0);
});

test('copy an entry and a selection as Markdown', async ({ page, serve, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Copying');
  const tl = timelineOf(page);
  await tl.box.fill('/d Rolled back api to v1.2.2');
  await tl.box.press('Enter');
  await tl.box.fill('/a Page the DBA');
  await tl.box.press('Enter');
  const rolled = tl.entry('Rolled back api');
  const dba = tl.entry('Page the DBA');
  await expect(dba).toBeVisible();

  await rolled.getByRole('button', { name: 'Copy entry as Markdown' }).click();
  await expect(tl.region.getByRole('status').filter({ hasText: 'Copied the entry as Markdown' })).toBeVisible();
  const one = await readClipboard(page);
  expect(one).toMatch(
    new RegExp(
      `^- \\*\\*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\*\\* \\[Decision\\] _${ME}_: Rolled back api to v1\\.2\\.2$`,
    ),
  );

  await dba.getByRole('checkbox', { name: 'Select entry' }).check();
  await rolled.getByRole('checkbox', { name: 'Select entry' }).check();
  await tl.region.getByRole('button', { name: 'Copy 2 selected as Markdown' }).click();
  await expect(tl.region.getByRole('status').filter({ hasText: 'Copied 2 entries as Markdown' })).toBeVisible();
  const two = (await readClipboard(page)).split('\n');
  expect(two).toHaveLength(2);
  expect(two[0]).toContain('[Decision]');
  expect(two[1]).toContain('[Action]');
});

test('a long timeline is virtualized and keeps the reader in place as entries arrive', async ({ page, serve }) => {
  const server = await serve();
  const peer = await contract(server);
  try {
    const incident = await peer.call('declareIncident', { title: 'Long one', severity: 'SEV3' });
    const t0 = Date.now() - 2 * 60 * 60_000;
    for (let i = 0; i < 400; i++) {
      await peer.call('addEntry', {
        incidentId: incident.id,
        kind: 'note',
        text: `seeded entry ${i}`,
        eventTime: t0 + i * 10_000,
      });
    }
    await page.goto(server.url);
    await page.getByRole('region', { name: 'Incidents' }).getByText('Long one').click();
    const tl = timelineOf(page);
    // Opens at the newest entry; only a screenful of rows exists in the DOM.
    await expect(tl.entry('seeded entry 399')).toBeVisible();
    expect(await tl.entries.count()).toBeLessThan(80);
    await expect(tl.region.getByText('401 entries')).toBeVisible();

    // Keyboard: Home goes to the first entry.
    const list = tl.region.getByRole('list', { name: 'Timeline entries' });
    await list.focus();
    await page.keyboard.press('Home');
    const firstRow = tl.entry('seeded entry 0').first();
    await expect(firstRow).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const reading = tl.entry('seeded entry 2').first();
    await expect(reading).toBeFocused();
    const before = (await reading.boundingBox())!.y;

    // New entries while the reader is up here: the view stays, a pill counts them.
    for (let i = 0; i < 3; i++) {
      await peer.call('addEntry', { incidentId: incident.id, kind: 'note', text: `live entry ${i}` });
    }
    const pill = tl.region.getByRole('button', { name: '3 new entries' });
    await expect(pill).toBeVisible();
    // A backdated entry lands above the reader: still no jump.
    await peer.call('addEntry', {
      incidentId: incident.id,
      kind: 'note',
      text: 'backdated above',
      eventTime: t0 - 60_000,
    });
    await expect(tl.region.getByText('405 entries')).toBeVisible();
    await expect.poll(async () => (await reading.boundingBox())?.y).toBeCloseTo(before, 0);
    await expect(reading).toBeFocused();
    const pill4 = tl.region.getByRole('button', { name: '4 new entries' });
    await expect(pill4).toBeVisible();

    await pill4.click();
    await expect(tl.entry('live entry 2')).toBeVisible();
    await expect(pill4).toBeHidden();

    // At the end, arrivals are followed.
    await peer.call('addEntry', { incidentId: incident.id, kind: 'note', text: 'followed entry' });
    await expect(tl.entry('followed entry')).toBeVisible();
    await expect(tl.region.getByRole('button', { name: /new entr/ })).toHaveCount(0);
  } finally {
    peer.close();
  }
});
