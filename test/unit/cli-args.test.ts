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
      room: { host: '127.0.0.1', port: undefined, key: undefined },
      joins: [],
    });
  });

  it('reads every serve option, in either spelling', () => {
    expect(parseCommand(['serve', '--data', '/tmp/x', '--port=0', '--host', '::1', '--ui'])).toEqual({
      kind: 'serve',
      dataDir: '/tmp/x',
      port: 0,
      host: '::1',
      ui: true,
      room: { host: '127.0.0.1', port: undefined, key: undefined },
      joins: [],
    });
    expect(parseCommand(['serve', '--host', '[::1]'])).toMatchObject({ host: '::1' });
  });

  it('reads the sync room options and repeatable joins', () => {
    const link = 'warroom://10.0.0.5:7312/abcdefgh12345678#AAAAAAAAAAAAAAAAAAAAAA';
    expect(
      parseCommand([
        'serve',
        '--room-host',
        '0.0.0.0',
        '--room-port',
        '0',
        '--room-key',
        'BBBBBBBBBBBBBBBBBBBBBB',
        '--join',
        link,
        '--join',
        link.replace('10.0.0.5', '10.0.0.6'),
      ]),
    ).toMatchObject({
      room: { host: '0.0.0.0', port: 0, key: 'BBBBBBBBBBBBBBBBBBBBBB' },
      joins: [link, link.replace('10.0.0.5', '10.0.0.6')],
    });
    expect(parseCommand(['serve', '--no-room'])).toMatchObject({ room: null, joins: [] });
  });

  it('a relay hosts the room it joins unless told another key', () => {
    const link = 'warroom://10.0.0.5:7312/abcdefgh12345678#AAAAAAAAAAAAAAAAAAAAAA';
    expect(parseCommand(['serve', '--join', link])).toMatchObject({ room: { key: 'AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(parseCommand(['serve'])).toMatchObject({ room: { key: undefined } });
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
    [['serve', '--room-port', 'x'], /--room-port must be an integer/],
    [['serve', '--room-key', 'short'], /--room-key must be the 22-character key/],
    [['serve', '--join', 'http://example.com'], /--join: Not a join link/],
    [['serve', '--join', 'warroom://h:1/abcdefgh'], /--join: The join link has no key/],
    [['serve', '--no-room', '--room-port', '1'], /--no-room cannot be combined/],
    [['serve', 'extra'], /extra/],
    [['serve', '--ui=yes'], /--ui/],
  ])('refuses %j with a clear message', (argv, message) => {
    const command = parseCommand(argv);
    expect(command.kind).toBe('usage-error');
    expect(command.kind === 'usage-error' && command.message).toMatch(message);
  });
});
