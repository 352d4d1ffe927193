import { JitError } from '../../errors/JitError';
import { Logger } from '../../log/Logger';
import type { App } from '../../runtime/App';
import {
  taskServiceOf,
  templateSettings,
  type TaskPageView,
  type TaskRecordView,
  type TaskSvcElement,
  type TaskTemplateItem,
  type TemplatePauseAnswer,
} from '../../tasks';
import { formatAppTime } from '../../time/formatAppTime';
import type { TimerCfg } from '../../time/TimerCfg';
import { identifyCaller, type HttpCaller } from '../authenticate';
import { decodePathSegment } from '../decodePathSegment';
import type { HttpContext } from '../HttpContext';
import { httpStatusOf } from '../httpStatusOf';
import { readHttpSettings, type HttpToken } from '../HttpSettings';
import { setSecurityHeaders } from '../setSecurityHeaders';
import { DashboardWatch, type EventStreamStats } from './DashboardWatch';
import { describeRepeat } from './describeRepeat';
import { serveStatic } from './serveStatic';

/** The most tasks one page of the dashboard's list holds, and how many when none is asked for. */
const MAX_PAGE = 200;
const DEFAULT_PAGE = 50;
/** The longest chart, hours. */
const MAX_CHART_HOURS = 48;

/** One row of the templates view. */
export interface DashboardTemplate {
  title: string;
  fullName: string;
  type: string;
  repeatType: string;
  repeatText: string;
  enabled: boolean;
  paused: boolean;
  nextRun: string | null;
  lastRun: { taskId: string; status: string; endedAt: string | null } | null;
}

/** A view or action by method and path: its answer, or undefined when it answered itself (the event stream). */
type DashboardRoute = (ctx: HttpContext, id: string, body: unknown, role: string, holder: string) => Promise<unknown>;

/** What the dashboard takes from the server that mounts it; each defaults to `settings.http`'s (and a logger to the standard streams). */
export interface DashboardRoutesOptions {
  /** The tokens the server checks: the event stream's `?token=` is checked against the same ones. */
  tokens?: readonly HttpToken[];
  /** Event streams one token may hold open (with no tokens: all loopback clients together). */
  maxEventStreams?: number;
  logger?: Logger;
}

/**
 * The task dashboard under `/dashboard/`: its page (static files), its JSON views and actions
 * under `/dashboard/api/`, and its live events. Reads need the viewer or admin role, actions
 * admin and a JSON content type; TaskSvc's functions are called through `callFunction`, as every
 * other caller's are.
 */
export class DashboardRoutes {
  private watch: DashboardWatch | null = null;
  private closed = false;
  private readonly tokens: readonly HttpToken[];
  private readonly maxEventStreams: number;
  private readonly logger: Logger;

  constructor(
    private readonly app: App,
    options: DashboardRoutesOptions = {},
  ) {
    const settings = readHttpSettings(app.settings.http);
    this.tokens = options.tokens ?? settings.tokens;
    this.maxEventStreams = options.maxEventStreams ?? settings.maxEventStreams;
    this.logger = options.logger ?? new Logger();
  }

  /** Handles a request under `/dashboard/`; false when the path is not the dashboard's. */
  async handle(ctx: HttpContext): Promise<boolean> {
    const path = ctx.url.pathname;
    if (path !== '/dashboard' && !path.startsWith('/dashboard/')) return false;
    setSecurityHeaders(ctx.res);
    try {
      await this.route(ctx, path.slice('/dashboard/'.length));
    } catch (err) {
      const jit = err instanceof JitError ? err : null;
      if (!jit) this.logger.error('dashboard {method} {path} failed', { method: ctx.req.method, path, error: err });
      ctx.sendJson(jit ? httpStatusOf(jit) : 500, {
        code: jit?.code ?? 'INTERNAL_ERROR',
        message: err instanceof Error ? err.message : String(err),
      });
    }
    return true;
  }

  /** The books of the open event streams (none open: zeros). */
  eventStreams(): EventStreamStats {
    return this.watch?.stats() ?? { streams: 0, byHolder: {}, bufferedBytes: 0, bufferCap: 0, dropped: 0, writes: 0 };
  }

  /** Stops what the dashboard runs in the background (its shared watch) and ends open event streams. */
  close(): void {
    this.closed = true;
    this.watch?.close();
    this.watch = null;
  }

  private async route(ctx: HttpContext, rest: string): Promise<void> {
    const method = ctx.req.method ?? 'GET';
    if (ctx.url.pathname === '/dashboard') {
      ctx.res.writeHead(301, { Location: `/dashboard/${ctx.url.search}` });
      ctx.res.end();
      return;
    }
    if (!rest.startsWith('api/')) {
      if (method !== 'GET' && method !== 'HEAD') throw refusal('ROUTE_NOT_FOUND', 405, `${method} is not served for the dashboard's files`);
      if (!(await serveStatic(ctx.res, rest, method === 'HEAD'))) throw new JitError('ROUTE_NOT_FOUND', `no dashboard file ${rest}`);
      return;
    }
    const parts = rest.slice('api/'.length).split('/').map(decodePathSegment);
    const stream = parts[0] === 'events' && parts.length === 1 ? this.streamCaller(ctx) : undefined;
    const role = stream === undefined ? ctx.role : (stream?.role ?? null);
    if (role === null) throw new JitError('UNAUTHORIZED', 'the dashboard needs a token: send it as Authorization: Bearer <token>');
    const action = method === 'POST';
    if (!action && method !== 'GET') throw refusal('ROUTE_NOT_FOUND', 405, `${method} is not served by the dashboard`);
    const route = `${method} ${parts.map((p, i) => (parts[0] === 'tasks' && i === 1 ? ':id' : p)).join('/')}`;
    const handler = this.routes[route];
    if (!handler) throw new JitError('ROUTE_NOT_FOUND', `the dashboard has no ${method} /dashboard/${rest}`);
    if (action && role !== 'admin') throw new JitError('FORBIDDEN', 'a viewer token may only read the dashboard');
    // An action needs JSON even without a body: a page of another site cannot send JSON unasked.
    const body = action ? await ctx.readJson({ typeRequired: true }) : undefined;
    const answer = await handler(ctx, parts[1] ?? '', body, role, stream?.holder ?? '');
    if (answer !== undefined) ctx.sendJson(200, answer);
  }

  /** The views and actions, by method and path (`:id` a task id); undefined when the handler answered itself. */
  private readonly routes: Record<string, DashboardRoute> = {
    'GET me': async (_ctx, _id, _body, role) => ({ role }),
    'GET templates': () => this.templates(),
    'POST templates/pause': async (_ctx, _id, body) => this.pause('pauseTemplate', body),
    'POST templates/resume': async (_ctx, _id, body) => this.pause('resumeTemplate', body),
    'POST templates/run': async (_ctx, _id, body) => this.runNow(body),
    'GET tasks': async (ctx) => this.call<TaskPageView>('pageTasks', { filter: this.pageFilter(ctx.url.searchParams) }),
    'GET tasks/:id': async (_ctx, id) => this.call<TaskRecordView>('getTask', { taskId: id }),
    'POST tasks/:id/forcedEnd': async (_ctx, id) => this.call('forcedEnd', { taskId: id }),
    'POST tasks/:id/retry': async (_ctx, id) => this.retry(id),
    'GET workers': async () => this.call('listWorkers', {}),
    'GET charts': async (ctx) => this.charts(ctx.url.searchParams.get('hours')),
    'GET events': async (ctx, _id, _body, _role, holder) => {
      (await this.liveWatch()).add(ctx.res, holder);
      return undefined;
    },
  };

  /** `services.TaskSvc`, called through `callFunction`, so a wrapping Type sees dashboard actions too. */
  private get svc(): TaskSvcElement {
    return taskServiceOf(this.app);
  }

  private async call<T>(name: string, args: Record<string, unknown>): Promise<T> {
    return (await this.svc.callFunction(name, args)) as T;
  }

  /**
   * Who opens an event stream: a page's EventSource cannot send headers, so this one path also
   * takes the token as `?token=` (a header wins), checked against the server's own tokens.
   */
  private streamCaller(ctx: HttpContext): HttpCaller | null {
    const token = ctx.url.searchParams.get('token');
    if (ctx.req.headers.authorization === undefined && token !== null) {
      return identifyCaller({ headers: { authorization: `Bearer ${token}` }, socket: ctx.req.socket }, this.tokens);
    }
    return identifyCaller(ctx.req, this.tokens);
  }

  private async templates(): Promise<DashboardTemplate[]> {
    const items = await this.call<TaskTemplateItem[]>('getTaskTmplList', { queryStr: '' });
    const { queries } = await this.svc.ready;
    const runs = await queries.templateRuns(items.map((t) => t.fullName));
    const zone = this.app.timezone;
    return items.map((t) => {
      const run = runs.get(t.fullName);
      const last = run?.last ?? null;
      return {
        title: t.title,
        fullName: t.fullName,
        type: t.taskType,
        repeatType: t.repeatType,
        repeatText: describeRepeat(this.app.getElementDefine(t.fullName).timerCfg as TimerCfg | undefined, zone),
        enabled: t.enable,
        paused: t.paused,
        nextRun: run?.nextDueAt == null ? null : formatAppTime(run.nextDueAt, zone),
        lastRun: last
          ? { taskId: last.taskId, status: last.status, endedAt: last.endedAt === null ? null : formatAppTime(last.endedAt, zone) }
          : null,
      };
    });
  }

  private async pause(name: 'pauseTemplate' | 'resumeTemplate', body: unknown): Promise<{ ok: true }> {
    const answer = await this.call<TemplatePauseAnswer>(name, { fullName: bodyString(body, 'fullName') });
    if (answer.changed && this.watch) {
      const paused = [...(await (await this.svc.ready).queries.pausedTemplates()).keys()];
      this.watch.notePaused(paused);
      this.watch.broadcast('templates', { paused });
    }
    return { ok: true };
  }

  /** A timer task of the template due now, with its function and arguments. */
  private async runNow(body: unknown): Promise<{ ok: true; taskId: string }> {
    const fullName = bodyString(body, 'fullName');
    const t = templateSettings(this.app.getElementDefine(fullName));
    return this.createNow(fullName, t.funcName, t.taskType, t.argDict);
  }

  /** A new task with the same template, function and arguments, due now. */
  private async retry(taskId: string): Promise<{ ok: true; taskId: string }> {
    const task = await this.call<TaskRecordView>('getTask', { taskId });
    return this.createNow(task.fullName, task.funcName, task.taskType, task.argDict);
  }

  private async createNow(fullName: string, funcName: string, taskType: string, argDict: unknown): Promise<{ ok: true; taskId: string }> {
    const startTime = new Date(this.app.clock.now()).toISOString();
    const created = await this.call<{ taskId: string }>('createTimerTask', { fullName, startTime, funcName, taskType, argDict });
    this.watch?.broadcast('task', { taskId: created.taskId, fullName, status: 'pending' });
    return { ok: true, taskId: created.taskId };
  }

  /** The query of `GET tasks` as TaskSvc's filter: empty values are no filter, `template` is the fullName. */
  private pageFilter(query: URLSearchParams): Record<string, unknown> {
    const filter: Record<string, unknown> = {};
    for (const [key, name] of [
      ['status', 'status'],
      ['template', 'fullName'],
      ['rowId', 'rowId'],
      ['from', 'from'],
      ['to', 'to'],
      ['q', 'q'],
      ['cursor', 'cursor'],
    ] as const) {
      const value = query.get(key);
      if (value !== null && value !== '') filter[name] = value;
    }
    const limit = query.get('limit');
    filter.limit = limit === null || limit === '' ? DEFAULT_PAGE : Number(limit);
    if (!Number.isInteger(filter.limit) || (filter.limit as number) < 1 || (filter.limit as number) > MAX_PAGE) {
      throw new JitError('API_PARAMS_ERROR', `limit must be an integer from 1 to ${MAX_PAGE}, got ${limit}`, {
        details: { argument: 'limit' },
      });
    }
    return filter;
  }

  private async charts(
    hoursText: string | null,
  ): Promise<{ minutes: { minute: string; runs: number; failures: number; latenessMsP95: number | null }[] }> {
    const hours = hoursText === null || hoursText === '' ? 3 : Number(hoursText);
    if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CHART_HOURS) {
      throw new JitError('API_PARAMS_ERROR', `hours must be a number above 0, at most ${MAX_CHART_HOURS}, got ${hoursText}`, {
        details: { argument: 'hours' },
      });
    }
    const { queries } = await this.svc.ready;
    const minutes = await queries.runsPerMinute(this.app.clock.now() - hours * 3_600_000);
    return { minutes: minutes.map((m) => ({ ...m, minute: formatAppTime(m.minute, this.app.timezone).slice(0, 16) })) };
  }

  private async liveWatch(): Promise<DashboardWatch> {
    if (this.closed) throw new JitError('APP_CLOSED', 'the dashboard is closed');
    const service = await this.svc.ready;
    this.watch ??= new DashboardWatch(service, this.app.clock, { logger: this.logger, maxStreamsPerHolder: this.maxEventStreams });
    return this.watch;
  }
}

/** A JitError answered with `status` rather than its code's. */
function refusal(code: 'ROUTE_NOT_FOUND', status: number, message: string): JitError {
  return new JitError(code, message, { details: { httpStatus: status } });
}

/** The string `key` of an action's JSON body. */
function bodyString(body: unknown, key: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string' || value === '')
    throw new JitError('API_PARAMS_ERROR', `the body must be a JSON object with a string ${key}`, { details: { argument: key } });
  return value;
}
