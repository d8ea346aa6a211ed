/**
 * The embedded terminal in `warroom serve --ui`, tried as a new user would: run a command and see
 * it in the timeline with its exit code, paste a runbook step that waits for Enter, have a secret
 * redacted, and survive `yes` with the UI responsive and Ctrl-C bringing the prompt back at once.
 *
 * The WebGL renderer draws on a canvas, so each test first makes the WebGL context go away
 * (as a GPU reset would): that exercises the fallback to the DOM renderer, whose rows can be read.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { declare } from './helpers';

/** The browser globals page callbacks use: this Node project has no DOM types, the page has them. */
interface PageGlobals {
  requestAnimationFrame(callback: (now: number) => void): number;
  document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: object, options: object): void };
}
interface FrameWatch {
  __maxFrameGap: number;
  __frames: number;
  __rowFrames: number;
  __watching: boolean;
  __counting: boolean;
  __countedFrom: number;
}
interface GlCanvas {
  getContext(kind: 'webgl2'): { getExtension(name: 'WEBGL_lose_context'): { loseContext(): void } | null } | null;
}

test.use({ viewport: { width: 1600, height: 1200 } });

interface TerminalUi {
  readonly region: Locator;
  readonly view: Locator;
  /** The screen text of the active terminal (DOM renderer). */
  screen(): Promise<string>;
  /** Lines of the screen with trailing blanks removed. */
  lines(): Promise<string[]>;
}

/** Open a terminal, force the WebGL context loss, and wait for the DOM renderer and a prompt. */
async function openTerminal(page: Page): Promise<TerminalUi> {
  const region = page.getByRole('region', { name: 'Terminal' });
  await region.getByRole('button', { name: 'New terminal' }).click();
  await expect(region.getByRole('tab', { name: /^bash 1/ })).toHaveAttribute('aria-selected', 'true');
  const view = region.locator('.xterm-view:not([hidden])');
  await expect(view).toHaveAttribute('data-renderer', /webgl|dom/);
  if ((await view.getAttribute('data-renderer')) === 'webgl') {
    await view.locator('canvas').evaluateAll((canvases) => {
      for (const canvas of canvases as unknown as GlCanvas[]) {
        const gl = canvas.getContext('webgl2');
        gl?.getExtension('WEBGL_lose_context')?.loseContext();
      }
    });
    await expect(view).toHaveAttribute('data-renderer', 'dom', { timeout: 10_000 });
  }
  const rows = view.locator('.xterm-rows');
  const ui: TerminalUi = {
    region,
    view,
    screen: () => rows.innerText(),
    lines: async () => (await rows.innerText()).split('\n').map((l) => l.replace(/\s+$/, '')),
  };
  await expect.poll(async () => (await ui.lines()).some((l) => /[$#]$/.test(l))).toBe(true);
  return ui;
}

async function typeLine(page: Page, ui: TerminalUi, text: string): Promise<void> {
  await ui.view.locator('.xterm-helper-textarea').focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

function timeline(page: Page) {
  const region = page.getByRole('region', { name: 'Timeline' });
  const entries = region.getByRole('list', { name: 'Timeline entries' }).getByRole('listitem');
  return { region, entries, entry: (text: string | RegExp) => entries.filter({ hasText: text }) };
}

test('a command lands in the timeline with its exit code; a pasted step waits for Enter; secrets are redacted', async ({
  page,
  serve,
}) => {
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Checkout API high error rate');
  const term = await openTerminal(page);
  const tl = timeline(page);

  // Run a command in a sub-shell: output on screen, a command entry with exit code 3.
  await typeLine(page, term, "bash -c 'echo hello; exit 3'");
  await expect.poll(() => term.lines()).toContain('hello');
  const commandEntry = tl.entry("bash -c 'echo hello; exit 3'");
  await expect(commandEntry).toHaveCount(1);
  await expect(commandEntry).toContainText('exit 3');

  // The runbook suggested for "high error rate" is already open beside the terminal.
  const runbooks = term.region.getByRole('complementary', { name: 'Runbooks' });
  await expect(runbooks.getByRole('combobox', { name: 'Runbook' })).toHaveValue('default/high-error-rate');
  const step1 = 'export NAMESPACE=production DEPLOYMENT=api SERVICE_URL=https://api.example.com';
  await runbooks.getByRole('button', { name: 'Paste step 1 to terminal' }).click();
  // The line may wrap on a narrow pane: compare the screen with line breaks removed.
  await expect.poll(async () => (await term.screen()).replace(/\n/g, '')).toContain(step1);
  // At the prompt, not run: no new command entry, and the shell has not printed a new prompt.
  await expect(tl.entry('export NAMESPACE')).toHaveCount(0);
  expect((await term.screen()).replace(/\n/g, '').split(step1)).toHaveLength(2);
  // Enter runs it; then the step is marked done, which the timeline records too.
  await page.keyboard.press('Enter');
  await expect(tl.entry('export NAMESPACE=production')).toHaveCount(1);
  await runbooks.getByRole('button', { name: 'Mark step 1 done' }).click();
  await expect(runbooks.getByRole('button', { name: 'Mark step 1 done' })).toHaveAttribute('aria-pressed', 'true');
  await expect(tl.entry('step 1 “Set the target”: done')).toHaveCount(1);

  // A secret typed in the terminal is redacted before it reaches the timeline.
  await typeLine(page, term, 'export API_KEY=sk-live-abc123');
  await expect(tl.entry('export API_KEY=[REDACTED]')).toHaveCount(1);
  await expect(tl.region).not.toContainText('sk-live-abc123');
  // The user's own screen shows what they typed.
  await expect.poll(() => term.screen()).toContain('sk-live-abc123');

  // The "Record commands to timeline" toggle stops recording for this tab.
  await term.region.getByRole('checkbox', { name: 'Record commands to timeline' }).uncheck();
  await typeLine(page, term, 'echo not-recorded-$((6*7))');
  await expect.poll(() => term.lines()).toContain('not-recorded-42');
  await typeLine(page, term, 'true');
  await expect(tl.entry('not-recorded')).toHaveCount(0);
});

test('`yes` for 5 s keeps the UI responsive and Ctrl-C brings the prompt back within 1 s', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Queue backlog on orders');
  const term = await openTerminal(page);

  // xterm's private render service is hooked (selection-redraws.ts): an xterm.js upgrade that
  // changed it shows here first.
  await expect(term.view).toHaveAttribute('data-selection-redraws', 'skip-empty');
  // Longest gap between animation frames while the flood runs: a frozen UI shows up here. And
  // how many frames redrew the rows: a flood is drawn a few times a second (output-pacer.ts),
  // not at every frame.
  await page.evaluate(() => {
    const w = globalThis as unknown as FrameWatch;
    w.__maxFrameGap = 0;
    w.__frames = 0;
    w.__rowFrames = 0;
    w.__watching = true;
    const page = globalThis as unknown as PageGlobals;
    const rows = page.document.querySelector('.xterm-view:not([hidden]) .xterm-rows');
    if (!rows) throw new Error('no terminal rows');
    let changed = false;
    new page.MutationObserver(() => (changed = true)).observe(rows, { childList: true, subtree: true });
    let last = performance.now();
    const tick = (now: number): void => {
      w.__maxFrameGap = Math.max(w.__maxFrameGap, now - last);
      last = now;
      if (w.__counting) {
        w.__frames++;
        if (changed) w.__rowFrames++;
      }
      changed = false;
      if (w.__watching) page.requestAnimationFrame(tick);
    };
    page.requestAnimationFrame(tick);
  });
  await typeLine(page, term, 'yes');
  await expect.poll(() => term.lines()).toContain('y');

  // While it floods, the rest of the console still takes input.
  await page.evaluate(() => {
    const w = globalThis as unknown as FrameWatch;
    w.__countedFrom = performance.now();
    w.__counting = true;
  });
  const started = Date.now();
  const box = page.getByRole('textbox', { name: 'Timeline entry' });
  let probes = 0;
  while (Date.now() - started < 5_000) {
    await box.fill(`still responsive ${probes}`);
    await expect(box).toHaveValue(`still responsive ${probes}`, { timeout: 1_000 });
    probes++;
  }
  await box.fill('');
  const { maxGap, frames, rowFrames, seconds } = await page.evaluate(() => {
    const w = globalThis as unknown as FrameWatch;
    w.__counting = false;
    const seconds = (performance.now() - w.__countedFrom) / 1000;
    return { maxGap: w.__maxFrameGap, frames: w.__frames, rowFrames: w.__rowFrames, seconds };
  });

  await term.view.locator('.xterm-helper-textarea').focus();
  const pressed = Date.now();
  await page.keyboard.press('Control+C');
  await expect
    .poll(async () => (await term.lines()).filter((l) => l.length > 0).at(-1) ?? '', {
      timeout: 5_000,
      intervals: [50],
    })
    .toMatch(/[$#]$/);
  const promptBack = Date.now() - pressed;
  test
    .info()
    .annotations.push(
      { type: 'max frame gap during yes (ms)', description: String(Math.round(maxGap)) },
      { type: 'Ctrl-C to prompt (ms)', description: String(promptBack) },
      { type: 'responsiveness probes in 5 s', description: String(probes) },
      { type: 'frames that redrew the rows', description: `${rowFrames} of ${frames} in ${seconds.toFixed(1)} s` },
    );
  console.log(
    `yes: max frame gap ${Math.round(maxGap)} ms, ${probes} probes, Ctrl-C to prompt ${promptBack} ms, rows redrawn in ${rowFrames} of ${frames} frames in ${seconds.toFixed(1)} s`,
  );
  expect(promptBack).toBeLessThan(1_000);
  expect(probes).toBeGreaterThan(5);
  expect(maxGap).toBeLessThan(1_000);
  // Paced, the rows are redrawn about once per 50 ms update: 10-15 times a second, in about
  // 40% of frames. Drawn at every frame (measured with pacing off: 26 a second, 90% of frames)
  // both are high. Only both fail: a loaded machine with few frames redraws in more of them,
  // but not more often.
  const perSecond = rowFrames / seconds;
  const share = rowFrames / frames;
  expect(
    perSecond < 20 || share < 0.7,
    `${perSecond.toFixed(1)} redraws a second, in ${share.toFixed(2)} of frames`,
  ).toBe(true);
  // The record of `yes` shows it was interrupted.
  await expect(timeline(page).entry(/\$ yes → exit 130/)).toHaveCount(1);

  // Selecting output still draws the selection, and a click clears it: only redraws of an empty
  // selection are skipped.
  // The mouse goes to xterm's screen, which lies over the rows: click at a row's place.
  const row = await term.view
    .locator('.xterm-rows > div')
    .filter({ hasText: /^y\s*$/ })
    .first()
    .boundingBox();
  if (!row) throw new Error('no row of y laid out');
  const highlight = term.view.locator('.xterm-selection > div');
  await expect(highlight).toHaveCount(0);
  await page.mouse.dblclick(row.x + 4, row.y + row.height / 2);
  await expect(highlight).not.toHaveCount(0);
  await page.mouse.click(row.x + 4, row.y + row.height / 2);
  await expect(highlight).toHaveCount(0);
});

test('links in the output open only after a confirmation, and only http(s)', async ({ page, serve }) => {
  const server = await serve();
  await page.goto(server.url);
  await declare(page, 'Status page link check');
  const term = await openTerminal(page);
  await typeLine(page, term, 'echo https://status.example.com/x; echo javascript:alert');
  await expect.poll(() => term.lines()).toContain('https://status.example.com/x');

  const popups: string[] = [];
  page.context().on('page', (p) => popups.push(p.url()));
  // xterm's link provider reacts to the mouse: hover, then click with the modifier-less default.
  // The output row (not the echoed command line): the URL starts at its first column.
  const row = term.view.locator('.xterm-rows > div').filter({ hasText: /^https:\/\/status\.example\.com\/x\s*$/ });
  const box = await row.first().boundingBox();
  if (!box) throw new Error('link row not laid out');
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.click(box.x + 30, box.y + box.height / 2);
  const dialog = page.getByRole('dialog', { name: 'Open link?' });
  await expect(dialog).toContainText('https://status.example.com/x');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(popups).toEqual([]);
  // The non-http text is not a link at all: hovering and clicking it opens nothing.
  const other = term.view.locator('.xterm-rows > div').filter({ hasText: /^javascript:alert\s*$/ });
  const otherBox = await other.first().boundingBox();
  if (!otherBox) throw new Error('row not laid out');
  await page.mouse.move(otherBox.x + 20, otherBox.y + otherBox.height / 2);
  await page.mouse.click(otherBox.x + 20, otherBox.y + otherBox.height / 2);
  await expect(dialog).toBeHidden();
});
