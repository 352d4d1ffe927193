import type { ServerResponse } from 'node:http';
import { JitError } from '../../errors/JitError';
import { Logger } from '../../log/Logger';
import type { Clock, TimerHandle } from '../../time/Clock';
import type { TaskEvent, TaskServiceApi, TaskStatus } from '../../tasks';
import { DEFAULT_MAX_EVENT_STREAMS } from '../HttpSettings';

/** How often the shared watch looks at the database for what other processes did. */
const POLL_MS = 3000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** History entries read per poll at most: a burst is caught up over the next polls. */
const POLL_BATCH = 500;
/**
 * Bytes a stream may have waiting for its client: about 10,000 events, far more than a page that
 * reads ever falls behind (the kernel's socket buffers come first), little enough that a page that
 * stopped reading costs the process at most this much.
 */
const DEFAULT_BUFFER_BYTES = 1024 * 1024;

/** What a `task` event carries. */
export interface TaskChangeEvent {
  taskId: string;
  fullName: string;
  /** A task status, or the kind of event (`started`, `skipped`, `late`, …) that changed the task. */
  // eslint-disable-next-line @typescript-eslint/no-redundant-type-constituents -- the statuses name what is expected; any event kind may come
  status: TaskStatus | string;
}

/** The limits and the log of a {@link DashboardWatch}. */
export interface DashboardWatchOptions {
  /** Where a dropped client and a failed look at the database are logged. */
  logger?: Logger;
  /** Streams one holder (a token's name, or all loopback clients when there are no tokens) may have open (default 16). */
  maxStreamsPerHolder?: number;
  /** Bytes a stream may have waiting for its client before the client is dropped (default 1 MiB). */
  bufferBytes?: number;
}

/** The books of a watch's event streams: for monitoring and tests. */
export interface EventStreamStats {
  /** Streams open now. */
  streams: number;
  /** Streams open now by holder (a token's name, or `loopback`). */
  byHolder: Record<string, number>;
  /** Bytes written to the streams that their clients have not taken yet (what this process holds for them). */
  bufferedBytes: number;
  /** The most bytes one stream may hold before its client is dropped. */
  bufferCap: number;
  /** Clients dropped because they stopped reading, since the watch started. */
  dropped: number;
  /** Writes of events to streams: one per stream for each burst, however many events it holds. */
  writes: number;
}

/**
 * The one server-side watch behind every open dashboard page's event stream: the engine's events
 * of this process as they happen, plus one look at the database every few seconds (the history
 * since the last look, and the set of paused templates) for what other processes did, whatever
 * the number of pages. It runs only while a page listens.
 *
 * Events are serialized once and sent in bursts: every event of one turn of the event loop goes
 * to each stream in one write, so a thousand runs ending together cost each stream one write, not
 * a thousand. A stream whose client does not read (its unsent bytes pass the buffer cap) is
 * closed: the page's EventSource reconnects when it can read again. A holder may keep a bounded
 * number of streams open; one more is refused with 429.
 */
export class DashboardWatch {
  /** Open streams, each with its holder. */
  private readonly clients = new Map<ServerResponse, string>();
  private readonly perHolder = new Map<string, number>();
  private readonly logger: Logger;
  private readonly maxPerHolder: number;
  private readonly bufferBytes: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushScheduled = false;
  private dropped = 0;
  private writes = 0;
  private pollTimer: TimerHandle | null = null;
  private beatTimer: TimerHandle | null = null;
  private lastHistoryId: number | null = null;
  private paused: string | null = null;
  private closed = false;

  constructor(
    private readonly service: TaskServiceApi,
    private readonly clock: Clock,
    options: DashboardWatchOptions = {},
  ) {
    this.logger = options.logger ?? new Logger();
    this.maxPerHolder = options.maxStreamsPerHolder ?? DEFAULT_MAX_EVENT_STREAMS;
    this.bufferBytes = options.bufferBytes ?? DEFAULT_BUFFER_BYTES;
    // The engine keeps its listeners for its lifetime: one subscription, muted when closed.
    service.onEvent((e) => this.onEngineEvent(e));
  }

  /**
   * Turns `res` into an event stream of this watch until the client goes away. `holder` is who
   * opens it (a token's name): one that holds as many streams as allowed is refused (FORBIDDEN,
   * answered 429) before anything is written.
   */
  add(res: ServerResponse, holder: string): void {
    if (this.closed) throw new JitError('APP_CLOSED', 'the dashboard is closed');
    const open = this.perHolder.get(holder) ?? 0;
    if (open >= this.maxPerHolder) {
      throw new JitError(
        'FORBIDDEN',
        `this token already holds ${this.maxPerHolder} event streams (settings.http.maxEventStreams): close a dashboard page first`,
        { details: { httpStatus: 429 } },
      );
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    this.clients.set(res, holder);
    this.perHolder.set(holder, open + 1);
    res.on('close', () => this.forget(res));
    this.send(res, ': connected\n\n');
    if (this.clients.size === 1) this.startTimers();
  }

  /** Sends `event` with `data` to every open page, with the other events of this turn of the event loop. */
  broadcast(event: 'task' | 'templates', data: unknown): void {
    if (this.closed || this.clients.size === 0) return;
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    // A burst larger than a stream may hold goes out at once rather than piling up here.
    if (this.pendingBytes > this.bufferBytes) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** The books of the open streams. */
  stats(): EventStreamStats {
    let bufferedBytes = 0;
    for (const res of this.clients.keys()) bufferedBytes += res.writableLength;
    return {
      streams: this.clients.size,
      byHolder: Object.fromEntries(this.perHolder),
      bufferedBytes,
      bufferCap: this.bufferBytes,
      dropped: this.dropped,
      writes: this.writes,
    };
  }

  /** Ends every stream and stops looking. */
  close(): void {
    this.closed = true;
    this.stopTimers();
    this.pending = [];
    this.pendingBytes = 0;
    for (const res of [...this.clients.keys()]) {
      this.forget(res);
      res.end();
    }
  }

  /** Sets the paused templates as the dashboard's own action left them, so the next poll does not announce them again. */
  notePaused(fullNames: string[]): void {
    this.paused = JSON.stringify([...fullNames].sort());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    for (const res of [...this.clients.keys()]) {
      this.writes += 1;
      this.send(res, text);
    }
  }

  /** Writes to one stream, and drops its client when what it has not taken passes the cap. */
  private send(res: ServerResponse, text: string): void {
    res.write(text);
    if (res.writableLength <= this.bufferBytes || !this.clients.has(res)) return;
    this.dropped += 1;
    this.logger.warn('dashboard event stream dropped: the client does not read', {
      holder: this.clients.get(res),
      bufferedBytes: res.writableLength,
      cap: this.bufferBytes,
    });
    this.forget(res);
    res.destroy();
  }

  /** Takes a stream off the books (once, however often its end is reported). */
  private forget(res: ServerResponse): void {
    const holder = this.clients.get(res);
    if (holder === undefined) return;
    this.clients.delete(res);
    const left = (this.perHolder.get(holder) ?? 1) - 1;
    if (left > 0) this.perHolder.set(holder, left);
    else this.perHolder.delete(holder);
    if (this.clients.size === 0) this.stopTimers();
  }

  private onEngineEvent(e: TaskEvent): void {
    if (e.kind !== 'started' && e.kind !== 'ended' && e.kind !== 'late') return;
    this.broadcast('task', { taskId: e.taskId, fullName: e.fullName, status: e.kind === 'started' ? 'running' : (e.status ?? e.kind) });
  }

  private startTimers(): void {
    if (this.closed) return;
    const beat = (): void => {
      for (const res of [...this.clients.keys()]) this.send(res, ': heartbeat\n\n');
      this.beatTimer = this.clock.setTimer(beat, HEARTBEAT_MS);
    };
    this.beatTimer = this.clock.setTimer(beat, HEARTBEAT_MS);
    void this.poll();
  }

  private stopTimers(): void {
    this.pollTimer?.cancel();
    this.beatTimer?.cancel();
    this.pollTimer = null;
    this.beatTimer = null;
  }

  /**
   * One look at the database. The history also holds this process's runs, whose events were sent
   * already: a page gets those twice and refreshes the same row; reading them apart would cost a
   * column per entry for nothing a page shows.
   */
  private async poll(): Promise<void> {
    try {
      const { queries } = this.service;
      const since = await queries.historySince(this.lastHistoryId, POLL_BATCH);
      const first = this.lastHistoryId === null;
      this.lastHistoryId = since.lastId ?? this.lastHistoryId;
      if (!first) for (const change of since.changes) this.broadcast('task', change);
      const paused = JSON.stringify([...(await queries.pausedTemplates()).keys()].sort());
      if (this.paused !== null && paused !== this.paused) this.broadcast('templates', { paused: JSON.parse(paused) as string[] });
      this.paused = paused;
    } catch (err) {
      this.logger.warn('dashboard watch: could not read the database; trying again', { error: err instanceof Error ? err.message : err });
    }
    if (this.clients.size > 0 && !this.closed && this.pollTimer === null) {
      this.pollTimer = this.clock.setTimer(() => {
        this.pollTimer = null;
        void this.poll();
      }, POLL_MS);
    }
  }
}
