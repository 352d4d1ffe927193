import * as path from 'node:path';
import { parseHttpAddress } from '../http/parseHttpAddress';
import type * as StartHttpServer from '../http/startHttpServer';
import type { Logger } from '../log/Logger';
import type { LogSink } from '../log/LogSink';
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
 * Everything it logs goes through one logger, as `settings.log` says (text or JSON lines, every
 * value escaped): a task's error message cannot forge a line. Resolves with the exit code once
 * the app is closed.
 */
export async function runCommand(appDir: string, out: CliOutput, options: { http?: string | true } = {}): Promise<number> {
  // One logger for the app and the command: the engine's lines and the run log go the same way.
  const app = await loadApp(path.resolve(appDir), { logSink: cliSink(out) });
  const logger = app.logger;
  const serveHttp =
    options.http !== undefined || (app.settings.http as { port?: unknown } | undefined)?.port !== undefined
      ? httpServer().prepareHttpServer(app, typeof options.http === 'string' ? parseHttpAddress(options.http) : {}, logger)
      : null;
  const svc = taskServiceOf(app).service;
  svc.onEvent((e) => logTaskEvent(logger, e, app.timezone));
  svc.onBackfillProgress((p) => {
    if (p.total < LONG_BACKFILL_ROWS) return;
    // A bar is drawn for people; a collector reading JSON lines gets records.
    if (logger.format === 'text') out.error(progressBar(p));
    else logger.info('backfill {template}', { template: p.fullName, done: p.done, total: p.total });
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
    logger.info('HTTP on {url} ({tokens})', { url: server.url, tokens });
  }
  logger.info('{app} running (zone {zone}, worker {worker}); Ctrl-C to stop', {
    app: app.appId,
    zone: app.timezone,
    worker: svc.workerId,
  });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) {
        // A second signal: the operator will not wait for the grace period.
        logger.info('{signal} again: exiting now', { signal });
        resolve(EXIT_INTERRUPTED);
        return;
      }
      stopping = true;
      const graceMs = svc.settings.shutdownGraceMs;
      logger.info('{signal}: stopping (waiting up to {grace} s for running tasks; {signal} again to exit now)', {
        signal,
        grace: graceMs / 1000,
      });
      // However the task functions behave (one that never settles and ignores its signal keeps a
      // timer or a socket of its own alive), the process exits soon after the grace period.
      setTimeout(() => {
        logger.error('still closing {after} s after the grace period: exiting', { after: HARD_EXIT_MS / 1000 });
        resolve(1);
      }, graceMs + HARD_EXIT_MS).unref();
      // The app closes first, so /readyz answers 503 while running tasks finish.
      app
        .close()
        .then(() => server?.close())
        .then(
          () => resolve(0),
          (err: unknown) => {
            logger.error('closing the app failed', { error: err });
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

/** The CLI's output as a log sink: errors and warnings to its error stream, the rest to its log. */
function cliSink(out: CliOutput): LogSink {
  return { write: (level, line) => (level === 'error' || level === 'warn' ? out.error(line) : out.log(line)) };
}

/** `started  tasks.X  task=…  due=…  late=3 ms`, `ended    tasks.X  task=…  status=error  took=5 ms  message=…`. */
function logTaskEvent(logger: Logger, e: TaskEvent, zone: string): void {
  const message = `${e.kind.padEnd(8)} {template}`;
  switch (e.kind) {
    case 'started':
      logger.info(message, { template: e.fullName, task: e.taskId, due: formatAppTime(e.dueAt, zone), late: `${e.ms} ms` });
      return;
    case 'ended':
      logger.info(message, { template: e.fullName, task: e.taskId, status: e.status, took: `${e.ms} ms`, message: e.message || undefined });
      return;
    default:
      logger.info(message, { template: e.fullName, task: e.taskId, due: formatAppTime(e.dueAt, zone), message: e.message || undefined });
  }
}
