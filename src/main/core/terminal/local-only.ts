/**
 * Terminals are for the person at this machine. A front door that serves the local user composes
 * the terminal service with the Warroom service; every other door (peer sync, a web server on a
 * non-loopback address) holds the Warroom service alone, which refuses terminal methods, and
 * never subscribes to terminal events, so shell output cannot leak to peers.
 */
import { isIP } from 'node:net';
import { isTerminalMethod, TERMINALS_LOCAL_ONLY } from '../../../shared/contract/terminal';
import type { WarroomService } from '../service';

/** One service for the local UI: terminal methods to `terminals`, everything else to `warroom`. */
export function composeLocalService(warroom: WarroomService, terminals: WarroomService): WarroomService {
  return {
    handle: (method, args) =>
      typeof method === 'string' && isTerminalMethod(method)
        ? terminals.handle(method, args)
        : warroom.handle(method, args),
    subscribe(listener) {
      const offWarroom = warroom.subscribe(listener);
      const offTerminals = terminals.subscribe(listener);
      return () => {
        offWarroom();
        offTerminals();
      };
    },
    close() {
      // Shells first: their last command records still go to the open store.
      terminals.close();
      warroom.close();
    },
  };
}

/**
 * The terminal service behind a switch that is checked on every call and every event: while
 * `allowed()` is false, calls are refused and events are dropped. A web server flips it on only
 * once it knows it listens on a loopback address.
 */
export function gateTerminals(terminals: WarroomService, allowed: () => boolean): WarroomService {
  return {
    handle: (method, args) =>
      allowed()
        ? terminals.handle(method, args)
        : Promise.resolve({ ok: false, error: { code: 'unauthorized', message: TERMINALS_LOCAL_ONLY } }),
    subscribe: (listener) =>
      terminals.subscribe((event, payload) => {
        if (allowed()) listener(event, payload);
      }),
    close: () => terminals.close(),
  };
}

/**
 * Whether a bound address only accepts connections from this machine. Judged on the address the
 * server actually listens on (after listen), so "localhost" resolving oddly cannot fool it, and
 * wildcards (0.0.0.0, ::) count as exposed.
 */
export function isLoopbackAddress(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.split('.')[0] === '127';
}
