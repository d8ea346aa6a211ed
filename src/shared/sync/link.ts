/**
 * Join links: `warroom://HOST:PORT/ROOM#KEY`. The key sits in the fragment so that nothing that
 * logs request lines (proxies, shells printing URLs they fetch) ever records it, and because a
 * joiner never sends it anywhere: it only proves knowledge of it (see docs/sync.md).
 *
 * The "plain" form is the same text without the scheme (`HOST:PORT/ROOM#KEY`), for chat tools
 * that mangle unknown schemes; both forms parse.
 */
import { z } from 'zod';

export const JOIN_SCHEME = 'warroom:';
/** Port a room listens on when none is given. */
export const DEFAULT_SYNC_PORT = 7312;

/** 128-bit room key, base64url without padding: 22 characters. */
export const RoomKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{22}$/, 'must be a 22-character room key (128 bits, base64url) as in a join link');
/** Room id: names the room so a joiner cannot end up in another room of the same host. */
export const RoomIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 characters of A-Z, a-z, 0-9, _ or -');
export const SyncHostSchema = z
  .string()
  .trim()
  .regex(
    /^(?:\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f]*:[0-9A-Fa-f:.]+|[A-Za-z0-9.-]{1,253})$/,
    'must be a host name or an IP address',
  );
export const SyncPortSchema = z.number().int().min(0).max(65_535);

export interface JoinLink {
  /** Host name or IP address; IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  readonly roomId: string;
  readonly roomKey: string;
}

const LINK_PATTERN =
  /^(?:warroom:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?\/([A-Za-z0-9_-]{8,64})#([A-Za-z0-9_-]{22})$/;

export class JoinLinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JoinLinkError';
  }
}

/** Parse a pasted link; surrounding whitespace and <angle brackets> from mail clients are ignored. */
export function parseJoinLink(text: string): JoinLink {
  const trimmed = text
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  const m = LINK_PATTERN.exec(trimmed);
  if (!m) {
    if (/^warroom:\/\/[^#]*$/.test(trimmed)) {
      throw new JoinLinkError('The join link has no key: copy the whole link, including the part after "#".');
    }
    throw new JoinLinkError('Not a join link: expected warroom://HOST:PORT/ROOM#KEY, as shown by the hosting console.');
  }
  const [, rawHost, rawPort, roomId, roomKey] = m as unknown as [string, string, string | undefined, string, string];
  const port = rawPort === undefined ? DEFAULT_SYNC_PORT : Number(rawPort);
  if (port < 1 || port > 65_535) throw new JoinLinkError(`The join link's port ${rawPort} is not between 1 and 65535.`);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  return { host, port, roomId, roomKey };
}

export function formatJoinLink(link: JoinLink): string {
  return `warroom://${formatPlainJoinLink(link)}`;
}

/** The link without its scheme: what to paste where `warroom://` is not welcome. */
export function formatPlainJoinLink(link: JoinLink): string {
  const host = link.host.includes(':') ? `[${link.host}]` : link.host;
  return `${host}:${link.port}/${link.roomId}#${link.roomKey}`;
}

/** The same link with the key elided, for logs and status lines. */
export function redactJoinLink(link: JoinLink): string {
  const host = link.host.includes(':') ? `[${link.host}]` : link.host;
  return `warroom://${host}:${link.port}/${link.roomId}#…`;
}
