import type pg from 'pg';

/** First and longest wait before a dropped listener connection is opened again. */
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5000;

/** What a {@link PgListener} listens on and tells. Callbacks must not throw. */
export interface PgListenerOptions {
  /** The `pg` driver (loaded by the database on first use). */
  driver: typeof pg;
  connectionString: string;
  channel: string;
  /** Called with the payload of every `NOTIFY` on the channel. */
  onNotify: (payload: string) => void;
  /** Called after a dropped connection is open again: notifications sent meanwhile were lost. */
  onReconnect: () => void;
}

/**
 * `LISTEN` on one channel over a connection of its own (outside the pool, which it would hold
 * forever). When that connection drops, it is opened again after 0.1 s, doubling up to 5 s while it
 * fails, and `onReconnect` is called once it is back.
 */
export class PgListener {
  private client: pg.Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private stopped = false;

  constructor(private readonly options: PgListenerOptions) {}

  /** Opens the first connection; nothing is retried when it fails (the caller is told instead). */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Stops listening and closes the connection; later calls do nothing. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const current = this.client;
    this.client = null;
    await current?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const { driver, connectionString, channel, onNotify } = this.options;
    const next = new driver.Client({ connectionString });
    this.client = next;
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    // 'end' follows every error that breaks the connection; reconnecting starts there.
    next.on('error', () => {});
    next.on('end', () => {
      if (this.client === next) this.reconnectLater();
    });
    await next.connect();
    await next.query(`LISTEN ${driver.escapeIdentifier(channel)}`);
  }

  /**
   * Called by a lost connection's 'end' and by a failed reconnect, in either order: the first call
   * schedules the attempt, and detaching the client makes a late 'end' a no-op.
   */
  private reconnectLater(): void {
    this.client = null;
    if (this.stopped || this.retryTimer) return;
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().then(
        () => {
          this.retryMs = RETRY_MIN_MS;
          if (!this.stopped) this.options.onReconnect();
        },
        () => this.reconnectLater(),
      );
    }, delay);
  }
}
