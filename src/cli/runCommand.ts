import * as path from 'node:path';
import { parseHttpAddress } from '../http/parseHttpAddress';
import type * as StartHttpServer from '../http/startHttpServer';
import { loadApp } from '../runtime/loadApp';
import { taskServiceOf, type BackfillProgress, type TaskEvent } from '../tasks';
import { formatAppTime } from '../time/formatAppTime';
import type { CliOutput } from './CliOutput';

/** How long after the grace period `jittask run` waits for the app to close before it exits anyway. */
const HARD_EXIT_MS = 1500;
/** The exit code of a second SIGINT/SIGTERM (128 + SIGINT, as shells report an interrupted command). */
const EXIT_INTERRUPTED = 130;
/** Rows from which a start-up backfill is long enough to show its progress. */
const LONG_BACKFILL_ROWS = 10_000;
/** Characters of the progress bar. */
const BAR_WIDTH = 30;

/**
 * `jittask run [appDir]`: loads and starts the app, logs each run as it starts and ends, and on
 * SIGINT/SIGTERM closes it (stop claiming, wait for running tasks up to the grace period). The
 * command's caller exits the process with the code it resolves to (see `bin/jittask.js`): a task
 * function left running cannot keep it alive.
 * A long start-up backfill of date-field tasks shows a progress bar on stderr. With `--http`
 * (or `settings.http.port`) it also serves the HTTP API; a refused address fails before the start.
 * Resolves with the exit code once the app is closed.
 */
export async function runCommand(appDir: string, out: CliOutput, options: { http?: string | true } = {}): Promise<number> {
  const app = await loadApp(path.resolve(appDir));
  const serveHttp =
    options.http !== undefined || (app.settings.http as { port?: unknown } | undefined)?.port !== undefined
      ? httpServer().prepareHttpServer(app, typeof options.http === 'string' ? parseHttpAddress(options.http) : {})
      : null;
  const svc = taskServiceOf(app).service;
  svc.onEvent((e) => out.log(describe(e, app.timezone)));
  svc.onBackfillProgress((p) => {
    if (p.total >= LONG_BACKFILL_ROWS) out.error(progressBar(p));
  });
  await app.start();
  let server: StartHttpServer.RunningHttpServer | null = null;
  try {
    server = serveHttp && (await serveHttp());
  } catch (err) {
    await app.close();
    throw err;
  }
  if (server) {
    const tokens = server.handler.loopbackOnly
      ? 'no tokens configured: only loopback clients are served'
      : describeTokens(app.settings.http);
    out.log(`HTTP on ${server.url} (${tokens})`);
  }
  out.log(`${app.appId} running (zone ${app.timezone}, worker ${svc.workerId}); Ctrl-C to stop`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) {
        // A second signal: the operator will not wait for the grace period.
        out.log(`${signal} again: exiting now`);
        resolve(EXIT_INTERRUPTED);
        return;
      }
      stopping = true;
      const graceMs = svc.settings.shutdownGraceMs;
      out.log(`${signal}: stopping (waiting up to ${graceMs / 1000} s for running tasks; ${signal} again to exit now)`);
      // However the task functions behave (one that never settles and ignores its signal keeps a
      // timer or a socket of its own alive), the process exits soon after the grace period.
      setTimeout(() => {
        out.error(`still closing ${HARD_EXIT_MS / 1000} s after the grace period: exiting`);
        resolve(1);
      }, graceMs + HARD_EXIT_MS).unref();
      // The app closes first, so /readyz answers 503 while running tasks finish.
      app
        .close()
        .then(() => server?.close())
        .then(
          () => resolve(0),
          (err: unknown) => {
            out.error(String(err));
            resolve(1);
          },
        );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}

/**
 * The HTTP server code (node:http, the handler, the dashboard and prom-client), loaded only when
 * `run` serves HTTP: a scheduler-only process does not pay for it.
 */
function httpServer(): typeof StartHttpServer {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../http/startHttpServer') as typeof StartHttpServer;
}

/** `2 tokens`: how many, never which. */
function describeTokens(http: unknown): string {
  const n = (http as { tokens?: unknown[] }).tokens?.length ?? 0;
  return `${n} token${n === 1 ? '' : 's'}`;
}

/** `backfill tasks.X [#######-------]  45%  45,000/100,000 rows` */
function progressBar(p: BackfillProgress): string {
  const filled = Math.round((p.done / p.total) * BAR_WIDTH);
  const percent = `${Math.floor((p.done / p.total) * 100)}%`.padStart(4);
  return `backfill ${p.fullName} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${percent}  ${p.done.toLocaleString('en')}/${p.total.toLocaleString('en')} rows`;
}

function describe(e: TaskEvent, zone: string): string {
  const due = formatAppTime(e.dueAt, zone);
  switch (e.kind) {
    case 'started':
      return `started  ${e.fullName}  task=${e.taskId}  due=${due}  late=${e.ms} ms`;
    case 'ended':
      return `ended    ${e.fullName}  task=${e.taskId}  status=${e.status}  took=${e.ms} ms${e.message ? `  (${e.message})` : ''}`;
    default:
      return `${e.kind.padEnd(8)} ${e.fullName}  task=${e.taskId}  due=${due}${e.message ? `  ${e.message}` : ''}`;
  }
}
