import { describe, expect, it } from 'vitest';
import { DEFAULTS, parseCommand } from '../../src/main/cli/args';

describe('warroom command line', () => {
  it('applies the documented defaults', () => {
    expect(parseCommand(['serve'])).toEqual({
      kind: 'serve',
      dataDir: DEFAULTS.data,
      port: 7311,
      host: '127.0.0.1',
      ui: false,
    });
  });

  it('reads every serve option, in either spelling', () => {
    expect(parseCommand(['serve', '--data', '/tmp/x', '--port=0', '--host', '::1', '--ui'])).toEqual({
      kind: 'serve',
      dataDir: '/tmp/x',
      port: 0,
      host: '::1',
      ui: true,
    });
    expect(parseCommand(['serve', '--host', '[::1]'])).toMatchObject({ host: '::1' });
  });

  it.each([['--help'], ['-h'], ['help'], ['serve', '--help'], ['serve', '-h']])('shows help for %s', (...argv) => {
    expect(parseCommand(argv)).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /missing command/],
    [['serv'], /unknown command 'serv'/],
    [['serve', '--prot', '1'], /Unknown option '--prot'/],
    [['serve', '--port'], /--port/],
    [['serve', '--port', 'abc'], /--port must be an integer from 0 to 65535, got 'abc'/],
    [['serve', '--port', '65536'], /--port must be an integer/],
    [['serve', '--port', '-1'], /--port/],
    [['serve', '--port', '1e3'], /--port must be an integer/],
    [['serve', '--host', 'a b'], /--host must be a host name/],
    [['serve', '--data', ''], /--data must not be empty/],
    [['serve', 'extra'], /extra/],
    [['serve', '--ui=yes'], /--ui/],
  ])('refuses %j with a clear message', (argv, message) => {
    const command = parseCommand(argv);
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toMatch(message);
  });
});
