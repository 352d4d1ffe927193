import * as net from 'node:net';

/** A TCP proxy on loopback in front of a PostgreSQL server, which can lose the answer to a COMMIT. */
export interface PgCommitProxy {
  /** The URL it was started for, with the proxy's address instead of the server's. */
  url: string;
  /**
   * Arms the proxy for the next `n` COMMITs sent through it: each is forwarded to the server, the
   * server's answer is awaited (so the transaction is committed), and then the client's connection
   * is dropped without that answer. The client sees a connection lost at COMMIT.
   */
  dropCommits(n?: number): void;
  /** COMMITs whose answer was dropped so far. */
  readonly droppedCommits: number;
  /** Stops listening and ends every connection. */
  close(): Promise<void>;
}

/** The codes of the first messages that ask for encryption (answered with one byte, no frame). */
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Starts a proxy for the server of `url`. It reads the client's side of PostgreSQL's protocol
 * frame by frame (the untyped start-up messages, then a type byte and a length each) to find
 * simple-protocol `Query` messages whose text is `COMMIT`, which is how `pg` commits.
 */
export async function startPgCommitProxy(url: string): Promise<PgCommitProxy> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  let armed = 0;
  let dropped = 0;

  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    // Frames are forwarded as they come: Nagle's algorithm would hold small ones back for 40 ms.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);

    let doomed = false;
    upstream.on('data', (chunk: Buffer) => {
      // The answer to a doomed COMMIT: the server has committed; the client never learns it.
      if (doomed) end();
      else client.write(chunk);
    });

    let pending = Buffer.alloc(0);
    let startup = true;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const header = startup ? 4 : 5;
        if (pending.length < header) return;
        const length = startup ? pending.readInt32BE(0) : pending.readInt32BE(1) + 1;
        if (pending.length < length) return;
        const frame = pending.subarray(0, length);
        pending = pending.subarray(length);
        if (startup) {
          const code = frame.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSSENC_REQUEST;
        } else if (frame[0] === 0x51 /* Q */ && armed > 0 && isCommit(frame)) {
          armed--;
          dropped++;
          doomed = true;
        }
        upstream.write(frame);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as net.AddressInfo).port);

  return {
    url: proxied.toString(),
    dropCommits(n = 1) {
      armed += n;
    },
    get droppedCommits() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** True for a `Query` frame whose SQL text is COMMIT. */
function isCommit(frame: Buffer): boolean {
  const sql = frame.subarray(5, frame.length - 1).toString('utf8');
  return sql.trim().replace(/;$/, '').toUpperCase() === 'COMMIT';
}
