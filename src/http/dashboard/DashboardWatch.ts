import type { ServerResponse } from 'node:http';
import type { Clock, TimerHandle } from '../../time/Clock';
import type { TaskEvent, TaskServiceApi, TaskStatus } from '../../tasks';

/** How often the shared watch looks at the database for what other processes did. */
const POLL_MS = 3000;
/** A comment line this often keeps proxies from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** History entries read per poll at most: a burst is caught up over the next polls. */
const POLL_BATCH = 500;

/** What a `task` event carries. */
export interface TaskChangeEvent {
  taskId: string;
  fullName: string;
  status: TaskStatus | string;
}

/**
 * The one server-side watch behind every open dashboard page's event stream: the engine's events
 * of this process as they happen, plus one look at the database every few seconds (the history
 * since the last look, and the set of paused templates) for what other processes did, whatever
 * the number of pages. It runs only while a page listens.
 */
export class DashboardWatch {
  private readonly clients = new Set<ServerResponse>();
  private pollTimer: TimerHandle | null = null;
  private beatTimer: TimerHandle | null = null;
  private lastHistoryId: number | null = null;
  private paused: string | null = null;
  private closed = false;

  constructor(
    private readonly service: TaskServiceApi,
    private readonly clock: Clock,
  ) {
    // The engine keeps its listeners for its lifetime: one subscription, muted when closed.
    service.onEvent((e) => this.onEngineEvent(e));
  }

  /** Turns `res` into an event stream of this watch until the client goes away. */
  add(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (this.clients.size === 0) this.stopTimers();
    });
    if (this.clients.size === 1) this.startTimers();
  }

  /** Sends `event` with `data` to every open page. */
  broadcast(event: 'task' | 'templates', data: unknown): void {
    if (this.closed) return;
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of this.clients) res.write(text);
  }

  /** Ends every stream and stops looking. */
  close(): void {
    this.closed = true;
    this.stopTimers();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private onEngineEvent(e: TaskEvent): void {
    if (e.kind !== 'started' && e.kind !== 'ended' && e.kind !== 'late') return;
    this.broadcast('task', { taskId: e.taskId, fullName: e.fullName, status: e.kind === 'started' ? 'running' : (e.status ?? e.kind) });
  }

  private startTimers(): void {
    if (this.closed) return;
    const beat = (): void => {
      for (const res of this.clients) res.write(': heartbeat\n\n');
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
      console.error('[jittask] dashboard watch: could not read the database; trying again:', err instanceof Error ? err.message : err);
    }
    if (this.clients.size > 0 && !this.closed && this.pollTimer === null) {
      this.pollTimer = this.clock.setTimer(() => {
        this.pollTimer = null;
        void this.poll();
      }, POLL_MS);
    }
  }

  /** Sets the paused templates as the dashboard's own action left them, so the next poll does not announce them again. */
  notePaused(fullNames: string[]): void {
    this.paused = JSON.stringify([...fullNames].sort());
  }
}
