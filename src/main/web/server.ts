/**
 * The HTTP front door of `warroom serve --ui`: the built renderer plus the contract over
 * socket.io, on one origin so the page's CSP can stay 'self'.
 */
import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { TOKEN_QUERY_PARAM } from '../../shared/web';
import type { Logger } from '../core/log';
import type { WarroomService } from '../core/service';
import { composeLocalService, gateTerminals, isLoopbackAddress } from '../core/terminal/local-only';
import { attachBridge, type WebIoServer } from './bridge';
import { createStaticHandler } from './static';
import { createToken } from './token';

export interface WebServerOptions {
  readonly service: WarroomService;
  /** Folder of the built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly host: string;
  /** 0 picks a free port; the chosen one is in WebServer.port. */
  readonly port: number;
  readonly log: Logger;
  /** Fixed token for tests; by default a fresh random one per run. */
  readonly token?: string;
  /**
   * The local terminal service. Offered to the token-holding page only when the server listens on
   * a loopback address; on any other address terminal calls are refused and no terminal event
   * is sent.
   */
  readonly terminals?: WarroomService;
}

export interface WebServer {
  readonly host: string;
  readonly port: number;
  readonly token: string;
  /** The console URL, token included: what `warroom serve --ui` prints. */
  readonly url: string;
  /** Whether the page may use terminals (a terminal service was given and the address is loopback). */
  readonly terminalsEnabled: boolean;
  close(): Promise<void>;
}

/** Largest socket.io message accepted; a declare with a full summary is far below it. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { log } = options;
  let terminalsEnabled = false;
  const service = options.terminals
    ? composeLocalService(
        options.service,
        gateTerminals(options.terminals, () => terminalsEnabled),
      )
    : options.service;
  const token = options.token ?? createToken();
  const http = createServer(createStaticHandler({ root: options.rendererDir, log }));
  const io: WebIoServer = new Server(http, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req)),
  });
  const detach = attachBridge(io, { service, token, log });

  try {
    await listen(http, options.port, options.host);
  } catch (error) {
    detach();
    await io.close();
    throw error;
  }
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  // Judged on the address actually bound, not on the name asked for.
  terminalsEnabled =
    options.terminals !== undefined &&
    typeof address === 'object' &&
    address !== null &&
    isLoopbackAddress(address.address);
  if (options.terminals && !terminalsEnabled) {
    log.warn('web: terminals are disabled because the console listens on a non-loopback address', {
      host: options.host,
    });
  }
  const url = `http://${urlHost(options.host)}:${port}/?${TOKEN_QUERY_PARAM}=${token}`;

  let closing: Promise<void> | null = null;
  return {
    host: options.host,
    port,
    token,
    url,
    terminalsEnabled,
    close() {
      closing ??= (async () => {
        detach();
        const closed = io.close();
        // Idle keep-alive connections would otherwise hold the HTTP server open.
        http.closeAllConnections();
        await closed;
      })();
      return closing;
    },
  };
}

function listen(http: HttpServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    http.once('error', onError);
    http.listen(port, host, () => {
      http.off('error', onError);
      resolve();
    });
  });
}

/**
 * A browser always sends Origin on WebSocket and cross-origin requests. Refusing foreign origins
 * keeps other sites' pages off the bridge even before the token check; clients without a browser
 * (no Origin) are judged by the token alone.
 */
function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
