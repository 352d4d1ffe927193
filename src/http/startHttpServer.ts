import * as http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { JitError } from '../errors/JitError';
import type { Logger } from '../log/Logger';
import type { App } from '../runtime/App';
import { createHttpHandler, type HttpHandler } from './createHttpHandler';
import { DEFAULT_HTTP_PORT, readHttpSettings } from './HttpSettings';
import { isLoopbackAddress } from './isLoopbackAddress';

/** A listening server of {@link startHttpServer}. */
export interface RunningHttpServer {
  /** `http://host:port`, the port the system gave for port 0. */
  url: string;
  handler: HttpHandler;
  /** Stops taking connections, ends open ones and closes the handler. */
  close(): Promise<void>;
}

/**
 * Checks that the server may listen on `host` (not a non-loopback one without tokens: every
 * client on the network would be admin) and returns a function that starts it, so a refusal
 * comes before the app's scheduler starts. `host` and `port` default to `settings.http`'s; the
 * handler logs to `logger` (default: as `settings.log` says).
 */
export function prepareHttpServer(
  app: App,
  address: { host?: string; port?: number } = {},
  logger?: Logger,
): () => Promise<RunningHttpServer> {
  const settings = readHttpSettings(app.settings.http);
  const host = address.host ?? settings.host;
  const port = address.port ?? settings.port ?? DEFAULT_HTTP_PORT;
  if (settings.tokens.length === 0 && !isLoopbackAddress(host)) {
    throw new JitError(
      'CONFIG_INVALID',
      `refusing to listen on ${host} without settings.http.tokens: anyone who can reach it would be admin. Add tokens, or listen on 127.0.0.1`,
    );
  }
  return async () => {
    // Listening on a name (not an address or every address), clients name it in Host.
    const listenName = isIP(host.replace(/^\[|\]$/g, '')) === 0 ? host : undefined;
    const handler = createHttpHandler(app, { logger, listenName });
    const server = http.createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const bound = server.address() as AddressInfo;
    const shown = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
    return {
      url: `http://${shown}:${bound.port}`,
      handler,
      async close() {
        handler.close();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await closed;
      },
    };
  };
}
