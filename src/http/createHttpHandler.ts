import type { IncomingMessage, ServerResponse } from 'node:http';
import { DatabaseElement } from '../databases/DatabaseElement';
import type { Database } from '../db/Database';
import { JitError } from '../errors/JitError';
import { loggerFromSettings } from '../log/LogSettings';
import type { Logger } from '../log/Logger';
import type { App } from '../runtime/App';
import { taskServiceOf, type TaskServiceApi } from '../tasks';
import { authenticate } from './authenticate';
import { buildOpenApi } from './buildOpenApi';
import { checkRequestSite } from './checkRequestSite';
import { DashboardRoutes } from './dashboard/DashboardRoutes';
import type { EventStreamStats } from './dashboard/DashboardWatch';
import { HttpRouter } from './HttpRouter';
import { readHttpSettings, type HttpToken } from './HttpSettings';
import { RequestContext } from './RequestContext';
import { serveFunctionCall } from './serveFunctionCall';
import { setSecurityHeaders } from './setSecurityHeaders';
import { TaskMetrics } from './TaskMetrics';

/** How long `/readyz` waits for the database before it calls the app not ready. */
const READY_TIMEOUT_MS = 2000;

/** What `createHttpHandler` takes besides the app: each replaces the `settings.http` key of its name. */
export interface HttpHandlerOptions {
  /** Bearer tokens; none: only loopback clients are served, as admin. */
  tokens?: HttpToken[];
  /** The largest request body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Names clients may reach the server by (in `Host`), besides the address they reach and `localhost`. */
  allowedHosts?: string[];
  /** Dashboard event streams one token may hold open (with no tokens: all loopback clients together; default 16). */
  maxEventStreams?: number;
  /** Where failures are logged (default: as `settings.log` says, to the standard streams). */
  logger?: Logger;
  /** A name (not an address) the server listens on: `Host` may name it. Set by `jittask run`. */
  listenName?: string;
}

/** A `(req, res) => void` handler for a node:http server (and so Express or Fastify), with its clean-up. */
export interface HttpHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** True when the handler was made without tokens: only loopback clients are served. */
  readonly loopbackOnly: boolean;
  /** The books of the dashboard's open event streams: how many, by token name, bytes held, clients dropped. */
  eventStreams(): EventStreamStats;
  /** Stops what the handler runs in the background (the dashboard's watch) and stops counting metrics. The app stays open. */
  close(): void;
}

/**
 * The HTTP API of a loaded app (SPEC: the HTTP API, dashboard and metrics) as a handler to mount in
 * a node:http server: `POST /api/<orgId>/<appName>/<element path>/<function>`,
 * `GET /api/<orgId>/<appName>/openapi.json`, `/healthz`, `/readyz`, `/metrics` and the dashboard
 * under `/dashboard/`. Mount it at the root path: it routes on the whole `req.url`.
 */
export function createHttpHandler(app: App, options: HttpHandlerOptions = {}): HttpHandler {
  const settings = readHttpSettings(app.settings.http);
  const tokens = options.tokens ?? settings.tokens;
  const bodyLimit = options.bodyLimit ?? settings.bodyLimit;
  const site = { allowedHosts: options.allowedHosts ?? settings.allowedHosts, listenName: options.listenName };
  const logger = options.logger ?? loggerFromSettings(app.settings.log);
  const service = taskServiceOf(app).service;
  const metrics = new TaskMetrics(app, service);
  const dashboard = new DashboardRoutes(app, {
    tokens,
    maxEventStreams: options.maxEventStreams ?? settings.maxEventStreams,
    logger,
  });

  const router = new HttpRouter()
    .add('GET', '/healthz', (ctx) => ctx.sendJson(200, { ok: true }))
    .add('GET', '/readyz', async (ctx) => {
      const reason = await notReadyReason(app, service);
      ctx.sendJson(reason === null ? 200 : 503, reason === null ? { ready: true } : { ready: false, reason });
    })
    .add('GET', '/metrics', async (ctx) => {
      requireRole(ctx);
      const { contentType, text } = await metrics.scrape();
      ctx.res.writeHead(200, { 'Content-Type': contentType });
      ctx.res.end(text);
    })
    .add('GET', '/', (ctx) => {
      ctx.res.writeHead(302, { Location: '/dashboard/' });
      ctx.res.end();
    })
    .add('GET', '/api/{orgId}/{appName}/openapi.json', (ctx, params) => {
      requireRole(ctx);
      if (`${params.orgId}.${params.appName}` !== app.appId)
        throw new JitError('ELEMENT_NOT_FOUND', `this server runs app ${app.appId}, not ${params.orgId}.${params.appName}`);
      ctx.sendJson(200, buildOpenApi(app));
    })
    .add('POST', '/api/{orgId}/{appName}/{call*}', (ctx, params) => serveFunctionCall(app, ctx, params));
  dashboard.register(router);

  let closed = false;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const ctx = new RequestContext(req, res, bodyLimit, logger);
    setSecurityHeaders(res);
    res.on('finish', () => {
      if (!closed) metrics.observeRequest(ctx.route, res.statusCode, (performance.now() - started) / 1000);
    });
    void router.handle(ctx, () => {
      if (ctx.badTarget) {
        throw new JitError('API_PARAMS_ERROR', `the request target ${JSON.stringify(req.url)} is not a path`, {
          details: { httpStatus: 400 },
        });
      }
      // Probes carry no token and learn nothing: they are answered before the site check and authentication.
      const path = ctx.url.pathname;
      if (path !== '/healthz' && path !== '/readyz') {
        checkRequestSite(req, site);
        ctx.role = authenticate(req, tokens);
      }
    });
  };
  return Object.assign(handler, {
    loopbackOnly: tokens.length === 0,
    eventStreams: () => dashboard.eventStreams(),
    close(): void {
      closed = true;
      metrics.close();
      dashboard.close();
    },
  });
}

/** A route beyond the probes needs a token when tokens are configured (a viewer's is enough). */
function requireRole(ctx: RequestContext): void {
  if (ctx.role === null) throw new JitError('UNAUTHORIZED', 'this route needs a token (Authorization: Bearer <token>)');
}

/**
 * Why the app cannot take work, or null when it can: it is open (not shutting down), its scheduler
 * runs and the database answers. One read shows both: this process's heartbeat is in the store and
 * fresh only while its scheduler runs.
 */
async function notReadyReason(app: App, service: TaskServiceApi): Promise<string | null> {
  if (app.isClosed) return 'the app is closed or shutting down';
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS);
  });
  try {
    // A SQLite file removed or replaced under the app: the connection still answers, but keeps nothing.
    const database: Database | null = app.getElement<DatabaseElement>(DatabaseElement.defaultName(app)).connection();
    database?.assertIntact?.();
    const workers = await Promise.race([service.listWorkers(), timeout]);
    if (workers === 'timeout') return `the database did not answer within ${READY_TIMEOUT_MS / 1000} s`;
    if (!workers.some((w) => w.self)) return 'the scheduler is not running';
    return app.isClosed ? 'the app is closed or shutting down' : null;
  } catch (err) {
    return `the database did not answer: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    clearTimeout(timer);
  }
}
