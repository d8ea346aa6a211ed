/**
 * An authenticated raw sync socket, as a buggy or malicious peer holding the room key would
 * have: it passes the handshake and says hello, then sends whatever the test wants.
 */
import { io, type Socket } from 'socket.io-client';
import { clientProof, newNonce } from '../../src/main/core/sync/keys';
import { NONCE_PATH, PROTOCOL_VERSION, SOCKET_PATH } from '../../src/main/core/sync/protocol';
import type { JoinLink } from '../../src/shared/sync/link';

export async function rawSyncPeer(link: JoinLink): Promise<Socket> {
  const res = await fetch(`http://127.0.0.1:${link.port}${NONCE_PATH}?room=${link.roomId}`);
  const { nonce } = (await res.json()) as { nonce: string };
  const clientNonce = newNonce();
  const peerId = 'mallory-raw';
  const socket = io(`http://127.0.0.1:${link.port}`, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: {
      protocol: PROTOCOL_VERSION,
      roomId: link.roomId,
      peerId,
      serverNonce: nonce,
      clientNonce,
      proof: clientProof(link.roomKey, { roomId: link.roomId, serverNonce: nonce, clientNonce, clientPeerId: peerId }),
    },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  await socket.timeout(2_000).emitWithAck('hello', { name: 'Mallory', role: null, vv: {}, incidents: [] });
  return socket;
}
