/**
 * Real ptys running real bash: command records from shell integration, the timeline entries they
 * become, redaction, flow control under `yes`, Ctrl-C, runbook paste, transcripts.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_CONTROL } from '../../src/shared/domain/terminal';
import { TerminalHarness } from '../helpers/terminal';

let h: TerminalHarness;
afterEach(() => h?.close());

function commandEntries(harness: TerminalHarness) {
  return harness.warroom.call('getTimeline', { incidentId: harness.incidentId, kinds: ['command'] }).entries;
}

describe('terminal with shell integration (bash)', () => {
  it('records `bash -c "echo hello; exit 3"` with exit code 3 in the timeline', async () => {
    h = new TerminalHarness();
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, "bash -c 'echo hello; exit 3'\r");
    const record = await h.waitForRecord((r) => r.command.includes('echo hello'));
    expect(record).toMatchObject({
      terminalId: id,
      incidentId: h.incidentId,
      command: "bash -c 'echo hello; exit 3'",
      exitCode: 3,
      firstLines: ['hello'],
      recorded: true,
    });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
    expect(h.text(id)).toContain('hello');
    // Markers never reach the view.
    expect(h.text(id)).not.toContain('133;');

    const [entry] = commandEntries(h);
    expect(entry?.kind).toBe('command');
    expect(entry?.text).toContain("bash -c 'echo hello; exit 3'");
    expect(entry?.text).toContain('exit 3');
    expect(entry?.data).toMatchObject({ exitCode: 3, command: "bash -c 'echo hello; exit 3'", output: 'hello' });
  });

  it('redacts secrets before they reach the timeline', async () => {
    h = new TerminalHarness();
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, 'export API_KEY=sk-live-abc123\r');
    await h.waitForRecord((r) => r.command.startsWith('export API_KEY'));
    h.write(id, 'echo "postgres://app:hunter2@db/x"\r');
    const echoed = await h.waitForRecord((r) => r.command.startsWith('echo "postgres'));
    expect(echoed.output).toBe('postgres://app:[REDACTED]@db/x');

    const timeline = JSON.stringify(h.warroom.call('getTimeline', { incidentId: h.incidentId }));
    expect(timeline).toContain('export API_KEY=[REDACTED]');
    expect(timeline).not.toContain('sk-live-abc123');
    expect(timeline).not.toContain('hunter2');
    // The user's own screen still shows what they typed.
    expect(h.text(id)).toContain('sk-live-abc123');
    // ...and the exported transcript is redacted too.
    const exported = h.terminals.call('exportTranscript', { incidentId: h.incidentId, id });
    expect(exported.text).toContain('API_KEY=[REDACTED]');
    expect(exported.text).not.toContain('sk-live-abc123');
  });

  it('keeps records off the timeline when the tab toggle is off, but still reports them', async () => {
    h = new TerminalHarness();
    const id = h.open({ recordCommands: false });
    await h.waitForPrompt(id);
    h.write(id, 'echo quiet\r');
    const record = await h.waitForRecord((r) => r.command === 'echo quiet');
    expect(record.recorded).toBe(false);
    expect(commandEntries(h)).toHaveLength(0);
    h.terminals.call('setCommandRecording', { id, recordCommands: true });
    h.write(id, 'echo loud\r');
    await h.waitForRecord((r) => r.command === 'echo loud');
    expect(commandEntries(h).map((e) => e.data?.command)).toEqual(['echo loud']);
  });

  it('tracks the working directory and records failing pipelines and empty lines correctly', async () => {
    h = new TerminalHarness();
    const id = h.open({ cwd: h.home });
    await h.waitForPrompt(id);
    h.write(id, '\r');
    await h.waitForPrompt(id, 2);
    h.write(id, 'cd / && false\r');
    const failed = await h.waitForRecord((r) => r.command === 'cd / && false');
    expect(failed.exitCode).toBe(1);
    await h.waitFor(
      'cwd update',
      () => h.terminals.call('listTerminals', { incidentId: h.incidentId })[0]?.cwd === '/',
    );
    // The empty line produced no record.
    expect(h.records.map((r) => r.command)).toEqual(['cd / && false']);
  });
});

describe.skipIf(!existsSync('/usr/bin/zsh'))('terminal with shell integration (zsh)', () => {
  it('loads the user startup files and records commands with their exit codes', async () => {
    h = new TerminalHarness({ shell: '/usr/bin/zsh' });
    writeFileSync(join(h.home, '.zshenv'), 'export FROM_USER_ZSHENV=yes\n');
    writeFileSync(
      join(h.home, '.zshrc'),
      'PS1="%~ %# "\nuser_precmd() { USER_PRECMD=ran }\nprecmd_functions+=(user_precmd)\n',
    );
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, "bash -c 'echo hello; exit 3'\r");
    const record = await h.waitForRecord((r) => r.command.includes('echo hello'));
    expect(record).toMatchObject({ command: "bash -c 'echo hello; exit 3'", exitCode: 3, output: 'hello' });
    h.write(id, 'echo $FROM_USER_ZSHENV $USER_PRECMD $ZDOTDIR nonce=$WARROOM_NONCE\r');
    const env = await h.waitForRecord((r) => r.command.startsWith('echo $FROM_USER_ZSHENV'));
    expect(env.output).toBe(`yes ran ${h.home} nonce=`);
  });
});

describe('flow control with a real flood', () => {
  it('`yes` does not grow memory without bound while the view lags, and Ctrl-C stops it at once', async () => {
    h = new TerminalHarness();
    const id = h.open();
    await h.waitForPrompt(id);
    const session = h.terminals.session(id);
    if (!session) throw new Error('no session');

    // A view that does not acknowledge: the pty must pause and the backlog stay bounded.
    h.autoAck = false;
    h.write(id, 'yes\r');
    await h.waitFor('the pty to pause', () => session.paused);
    const heapBefore = process.memoryUsage().heapUsed;
    const received = h.text(id).length;
    // Give the producer time to push more if pausing did not work: wait for nothing to change
    // across several event-loop turns of the session's batch timer.
    await new Promise<void>((resolve) => setTimeout(resolve, 500));
    const backlog = h.text(id).length - received;
    expect(session.paused).toBe(true);
    expect(session.unacknowledged).toBeLessThan(100_000 + 256 * 1024);
    expect(backlog).toBeLessThan(256 * 1024);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);

    // The view catches up and keeps acknowledging in 5,000-char steps: output flows again.
    h.autoAck = true;
    h.terminals.call('ackTerminal', { id, chars: session.unacknowledged });
    const flowing = h.text(id).length;
    await h.waitFor('output to flow again', () => h.text(id).length > flowing + 500_000);

    // Ctrl-C: the prompt is back within a second.
    const pressed = Date.now();
    h.write(id, '\x03');
    const record = await h.waitForRecord((r) => r.command === 'yes', 'the record of yes', 1_000);
    expect(Date.now() - pressed).toBeLessThan(1_000);
    expect(record.exitCode).toBe(130);
    expect(record.outputTruncated).toBe(true);
    expect(record.output.length).toBeLessThan(30_000);
    // The transcript kept only its capped tail.
    expect(session.transcript.size).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});

describe('adaptive flow-control window with a real flood', () => {
  it('grows while the view keeps up, starts small again for a new view, and a stalled view stays bounded', async () => {
    h = new TerminalHarness();
    const id = h.open();
    await h.waitForPrompt(id);
    const session = h.terminals.session(id);
    if (!session) throw new Error('no session');
    expect(session.window).toBe(FLOW_CONTROL.highWatermarkChars);

    // A fast view that acknowledges each event a moment after it arrives (as a browser does, once
    // xterm.js has parsed it): the pty outruns it, and each pause shows the view draining fast.
    h.autoAck = false;
    let lagging = true;
    h.terminals.subscribe((event, payload) => {
      const { id: from, data } = payload as { id: string; data: string };
      if (event !== 'terminalData' || from !== id || !lagging) return;
      setTimeout(() => h.terminals.call('ackTerminal', { id, chars: data.length }), 1);
    });
    h.write(id, 'head -c 5000000 /dev/zero | tr "\\0" x; echo\r');
    await h.waitForRecord((r) => r.command.startsWith('head -c'), 'the flood to finish', 30_000);
    expect(session.window).toBeGreaterThan(FLOW_CONTROL.highWatermarkChars);
    expect(session.window).toBeLessThanOrEqual(FLOW_CONTROL.maxWindowChars);

    // A new view (page reload) knows nothing of that speed.
    lagging = false;
    h.terminals.call('attachTerminal', { id });
    expect(session.window).toBe(FLOW_CONTROL.highWatermarkChars);

    // ...and if it never acknowledges, only the starting window is in flight.
    h.write(id, 'yes\r');
    await h.waitFor('the pty to pause', () => session.paused);
    expect(session.unacknowledged).toBeLessThan(FLOW_CONTROL.highWatermarkChars + 256 * 1024);
    expect(session.window).toBe(FLOW_CONTROL.highWatermarkChars);
    h.autoAck = true;
    h.terminals.call('ackTerminal', { id, chars: session.unacknowledged });
    h.write(id, '\x03');
    await h.waitForRecord((r) => r.command === 'yes', 'the record of yes', 5_000);
  });
});

describe('runbook paste', () => {
  it('puts the step at the prompt and runs nothing until Enter', async () => {
    h = new TerminalHarness();
    writeFileSync(
      join(h.dir, 'data', 'runbooks', 'paste-test.md'),
      '# Paste test\n\n## One line\n\n```sh\necho pasted-$((6*7))\n```\n\n## Two lines\n\n```bash\necho first-$((1+1))\necho second-$((2+1))\n```\n',
    );
    const id = h.open();
    await h.waitForPrompt(id);
    const { pasted } = h.terminals.call('pasteRunbookStep', { terminalId: id, runbookId: 'user/paste-test', step: 0 });
    expect(pasted).toBe('echo pasted-$((6*7))');
    await h.waitFor('the pasted text at the prompt', () => h.text(id).includes('echo pasted-$((6*7))'));
    expect(h.records).toHaveLength(0);
    expect(h.text(id)).not.toContain('pasted-42');

    const enter = Date.now();
    h.write(id, '\r');
    const record = await h.waitForRecord((r) => r.command === 'echo pasted-$((6*7))');
    expect(record.startedAt).toBeGreaterThanOrEqual(enter);
    expect(record.output).toBe('pasted-42');

    // Two lines in bracketed-paste mode: inserted, not executed, until Enter runs both.
    await h.waitForPrompt(id, 2);
    h.terminals.call('pasteRunbookStep', { terminalId: id, runbookId: 'user/paste-test', step: 1 });
    await h.waitFor('the second pasted line', () => h.text(id).includes('echo second-$((2+1))'));
    expect(h.records).toHaveLength(1);
    expect(h.text(id)).not.toContain('first-2');
    h.write(id, '\r');
    // bash runs the pasted lines one after the other before the next prompt: one record, whose
    // command line is the first line, with the output of both.
    const both = await h.waitForRecord((r) => r.command === 'echo first-$((1+1))');
    expect(both.output).toBe('first-2\nsecond-3');
  });

  it('marks steps, records them in the timeline and reads them back', () => {
    h = new TerminalHarness();
    const list = h.terminals.call('listRunbooks', { incidentId: h.incidentId });
    expect(list[0]?.id).toBe('default/high-error-rate');
    expect(list[0]?.score).toBeGreaterThan(0);
    const runbook = h.terminals.call('markRunbookStep', {
      incidentId: h.incidentId,
      runbookId: 'default/high-error-rate',
      step: 2,
      mark: 'failed',
    });
    expect(runbook.marks).toEqual({ 2: 'failed' });
    h.terminals.call('markRunbookStep', {
      incidentId: h.incidentId,
      runbookId: 'default/high-error-rate',
      step: 2,
      mark: 'done',
    });
    expect(h.terminals.call('getRunbook', { id: 'default/high-error-rate', incidentId: h.incidentId }).marks).toEqual({
      2: 'done',
    });
    const actions = h.warroom.call('getTimeline', { incidentId: h.incidentId, kinds: ['action'] }).entries;
    expect(actions.map((e) => e.text)).toEqual([
      'Runbook “High error rate”, step 3 “Check the pods”: failed',
      'Runbook “High error rate”, step 3 “Check the pods”: done',
    ]);
  });
});

describe('transcripts', () => {
  it('are saved with the incident and exportable after the terminal is closed', async () => {
    h = new TerminalHarness();
    const id = h.open();
    await h.waitForPrompt(id);
    h.write(id, 'echo transcript-line\r');
    await h.waitForRecord((r) => r.command === 'echo transcript-line');
    h.terminals.call('closeTerminal', { id });
    const [info] = h.terminals.call('listTranscripts', { incidentId: h.incidentId });
    expect(info).toMatchObject({ terminalId: id, live: false, trimmedChars: 0 });
    const exported = h.terminals.call('exportTranscript', { incidentId: h.incidentId, id });
    expect(exported.fileName).toMatch(/^transcript-bash-1-.*\.txt$/);
    expect(exported.text).toContain('transcript-line');
    expect(exported.text).not.toContain('\x1b');
  });
});

describe('without shell integration', () => {
  it('is a plain terminal: output flows, exit is reported, no records', async () => {
    h = new TerminalHarness();
    const id = h.open({ shellIntegration: false });
    h.write(id, 'echo plain-$((20+1)); exit 7\r');
    await h.waitFor('exit', () => h.exits.has(id));
    expect(h.exits.get(id)?.exitCode).toBe(7);
    expect(h.text(id)).toContain('plain-21');
    expect(h.records).toHaveLength(0);
    const [info] = h.terminals.call('listTerminals', { incidentId: h.incidentId });
    expect(info?.shellIntegration).toBe(false);
    expect(info?.exit?.exitCode).toBe(7);
  });
});
