import { JitError } from '../errors/JitError';
import type { App } from '../runtime/App';
import { isPlainObject } from '../services/plainJson';
import type { HttpRole } from './HttpContext';
import { findReachableFunction, needsLogin, type ReachableFunction } from './reachableFunctions';
import type { RequestContext } from './RequestContext';

/** What a `viewer` token may call: TaskSvc's functions that read (SPEC: the HTTP API's roles). */
const VIEWER_FUNCTIONS: ReadonlySet<string> = new Set([
  'services.TaskSvc.getTaskTmplList',
  'services.TaskSvc.getTask',
  'services.TaskSvc.listTasks',
  'services.TaskSvc.listWorkers',
]);

/** A service object as the HTTP API calls it. */
interface Callable {
  callFunction(name: string, argsByName: Record<string, unknown>): Promise<unknown>;
}

/**
 * `POST /api/<orgId>/<appName>/<fullName with . → />/<function>`: checks who may call it, reads
 * the arguments by name and calls the element's `callFunction` (so a Type that wraps
 * callFunction sees HTTP calls too, and the arguments are checked as every call's are). Answers
 * JitAi's envelope; failures are thrown for the server to answer.
 */
export async function serveFunctionCall(app: App, ctx: RequestContext, params: Record<string, string>): Promise<void> {
  const started = performance.now();
  const appId = `${params.orgId}.${params.appName}`;
  if (appId !== app.appId) throw new JitError('ELEMENT_NOT_FOUND', `this server runs app ${app.appId}, not ${appId}`);
  const segments = params.call!.split('/');
  const name = segments.pop()!;
  const target = findReachableFunction(app, segments.join('.'), name);
  checkRole(ctx.role, target);
  const body = await ctx.readJson();
  if (body !== undefined && !isPlainObject(body))
    throw new JitError('API_PARAMS_ERROR', 'the body must be a JSON object of the arguments by name');
  app.assertOpen();
  await app.whenLoaded(target.fullName);
  const element = app.getElement<Partial<Callable>>(target.fullName);
  if (typeof element.callFunction !== 'function')
    throw new JitError('FUNCTION_NOT_FOUND', `'${target.fullName}' has no callFunction`, { fullName: target.fullName });
  const data = await element.callFunction(name, body ?? {});
  ctx.sendJson(200, {
    errcode: 0,
    errmsg: '',
    data: data ?? null,
    requestId: ctx.requestId,
    duration: Math.round(performance.now() - started),
  });
}

function checkRole(role: HttpRole | null, target: ReachableFunction): void {
  if (!needsLogin(target.decl) || role === 'admin') return;
  if (role === null)
    throw new JitError('UNAUTHORIZED', `${target.fullName}.${target.decl.name} needs a token (Authorization: Bearer <token>)`);
  if (!VIEWER_FUNCTIONS.has(`${target.fullName}.${target.decl.name}`)) {
    throw new JitError(
      'FORBIDDEN',
      `a viewer token may not call ${target.fullName}.${target.decl.name} (viewers call TaskSvc's read functions)`,
    );
  }
}
