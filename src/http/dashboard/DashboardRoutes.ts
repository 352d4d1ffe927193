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
import type { HttpContext, HttpRole } from '../HttpContext';
import type { HttpRouter } from '../HttpRouter';
import { readHttpSettings, type HttpToken } from '../HttpSettings';
import type { RequestContext } from '../RequestContext';
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

/** A view: its answer, from the request and the path's named parts. */
type DashboardView = (ctx: HttpContext, params: Record<string, string>, role: HttpRole) => Promise<unknown>;
/** An action: its answer, from the path's named parts and the JSON body. */
type DashboardAction = (params: Record<string, string>, body: unknown) => Promise<unknown>;

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
 * under `/dashboard/api/`, and its live events, registered on the server's one router, so they
 * fail in the HTTP API's one envelope. Reads need the viewer or admin role, actions admin and a
 * JSON content type; TaskSvc's functions are called through `callFunction`, as every other
 * caller's are.
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

  /**
   * Adds the dashboard's routes to `router`: the views and actions first, then a catch-all under
   * `api/` (a token is asked before an unknown view is named), then the page's files.
   */
  register(router: HttpRouter): void {
    const view = (pattern: string, answer: DashboardView): void => {
      router.add('GET', `/dashboard/api/${pattern}`, async (ctx, params) => {
        ctx.sendJson(200, await answer(ctx, params, needRole(ctx.role)));
      });
    };
    const action = (pattern: string, answer: DashboardAction): void => {
      router.add('POST', `/dashboard/api/${pattern}`, async (ctx, params) => {
        if (needRole(ctx.role) !== 'admin') throw new JitError('FORBIDDEN', 'a viewer token may only read the dashboard');
        // An action needs JSON even without a body: a page of another site cannot send JSON unasked.
        const body = await ctx.readJson({ typeRequired: true });
        ctx.sendJson(200, await answer(params, body));
      });
    };
    const files = async (ctx: RequestContext): Promise<void> => {
      // The raw path: serveStatic decodes it once and refuses what leads out of its folder.
      const file = ctx.url.pathname.slice('/dashboard/'.length);
      if (!(await serveStatic(ctx.res, file, ctx.req.method === 'HEAD')))
        throw new JitError('ROUTE_NOT_FOUND', `no dashboard file ${file}`);
    };

    view('me', (_ctx, _params, role) => Promise.resolve({ role }));
    view('templates', () => this.templates());
    action('templates/pause', (_params, body) => this.pause('pauseTemplate', body));
    action('templates/resume', (_params, body) => this.pause('resumeTemplate', body));
    action('templates/run', (_params, body) => this.runNow(body));
    view('tasks', (ctx) => this.call<TaskPageView>('pageTasks', { filter: this.pageFilter(ctx.url.searchParams) }));
    view('tasks/{id}', (_ctx, params) => this.call<TaskRecordView>('getTask', { taskId: params.id }));
    action('tasks/{id}/forcedEnd', (params) => this.call('forcedEnd', { taskId: params.id }));
    action('tasks/{id}/retry', (params) => this.retry(params.id!));
    view('workers', () => this.call('listWorkers', {}));
    view('charts', (ctx) => this.charts(ctx.url.searchParams.get('hours')));
    router.add('GET', '/dashboard/api/events', async (ctx) => {
      const caller = this.streamCaller(ctx);
      if (caller === null) throw new JitError('UNAUTHORIZED', NEED_TOKEN);
      (await this.liveWatch()).add(ctx.res, caller.holder);
    });
    router.add('*', '/dashboard/api/{rest*}', (ctx) => {
      needRole(ctx.role);
      const method = ctx.req.method ?? '';
      if (method !== 'GET' && method !== 'POST')
        throw new JitError('ROUTE_NOT_FOUND', `${method} is not served by the dashboard`, {
          details: { httpStatus: 405, allow: 'GET, POST' },
        });
      throw new JitError('ROUTE_NOT_FOUND', `the dashboard has no ${method} ${ctx.url.pathname}`);
    });
    router.add('*', '/dashboard', (ctx) => {
      ctx.res.writeHead(301, { Location: `/dashboard/${ctx.url.search}` });
      ctx.res.end();
    });
    for (const method of ['GET', 'HEAD']) router.add(method, '/dashboard/', files).add(method, '/dashboard/{file*}', files);
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

const NEED_TOKEN = 'the dashboard needs a token: send it as Authorization: Bearer <token>';

/** The role of a request to the dashboard's API: any token's, else UNAUTHORIZED. */
function needRole(role: HttpRole | null): HttpRole {
  if (role === null) throw new JitError('UNAUTHORIZED', NEED_TOKEN);
  return role;
}

/** The string `key` of an action's JSON body. */
function bodyString(body: unknown, key: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'string' || value === '')
    throw new JitError('API_PARAMS_ERROR', `the body must be a JSON object with a string ${key}`, { details: { argument: key } });
  return value;
}
