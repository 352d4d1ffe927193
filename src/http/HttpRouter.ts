import { JitError } from '../errors/JitError';
import { decodePathSegment } from './decodePathSegment';
import type { RequestContext } from './RequestContext';

/** What a route's handler gets: the request's context and the path's named parts, decoded. */
export type RouteHandler = (ctx: RequestContext, params: Record<string, string>) => Promise<void> | void;

interface Route {
  method: string;
  /** As written, e.g. `/api/{orgId}/{appName}/{element}/{function}`: the metrics' label. */
  pattern: string;
  segments: string[];
  handler: RouteHandler;
}

/** Checks every request passes before its route runs (the site, the token); it throws to refuse. */
export type RequestGuard = (ctx: RequestContext) => void;

/**
 * The server's one router, the JitAi API's routes and the dashboard's alike: `/literal`, `{name}`
 * (one path segment) and, last, `{name*}` (one or more segments, joined by `/`). Routes are tried
 * in the order added; a path that a route serves for another method is 405 with `Allow`, a path no
 * route serves 404 ROUTE_NOT_FOUND. Whatever a guard or a route throws is answered by one error
 * handler ({@link RequestContext.fail}), so every route fails in one envelope.
 */
export class HttpRouter {
  private readonly routes: Route[] = [];

  /**
   * Serves a request: `guard`, then the route; a failure of either is answered by the one error
   * handler. A failure after the answer began (an event stream) can only end the connection.
   */
  async handle(ctx: RequestContext, guard?: RequestGuard): Promise<void> {
    try {
      guard?.(ctx);
      await this.dispatch(ctx);
    } catch (err) {
      if (!ctx.res.headersSent) ctx.fail(err);
      else ctx.res.destroy(err instanceof Error ? err : undefined);
    }
  }

  /** Adds a route; `method` `*` serves every method. */
  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method, pattern, segments: pattern.split('/').slice(1), handler });
    return this;
  }

  /** Runs the handler of the route that serves the request, after setting `ctx.route`. */
  async dispatch(ctx: RequestContext): Promise<void> {
    const parts = ctx.url.pathname.split('/').slice(1);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = match(route.segments, parts);
      if (!params) continue;
      if (route.method !== '*' && route.method !== ctx.req.method) {
        allowed.push(route.method);
        continue;
      }
      ctx.route = route.pattern;
      await route.handler(ctx, params);
      return;
    }
    if (allowed.length > 0) {
      const allow = [...new Set(allowed)].join(', ');
      throw new JitError('ROUTE_NOT_FOUND', `${ctx.req.method ?? ''} is not served at ${ctx.url.pathname} (allowed: ${allow})`, {
        details: { httpStatus: 405, allow },
      });
    }
    throw new JitError('ROUTE_NOT_FOUND', `no route ${ctx.req.method ?? ''} ${ctx.url.pathname}`);
  }
}

function match(segments: string[], parts: string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const name = /^\{(\w+)(\*?)\}$/.exec(segment);
    if (name?.[2]) {
      const rest = parts.slice(i);
      if (rest.length === 0 || rest.some((p) => p === '')) return null;
      params[name[1]!] = rest.map(decodePathSegment).join('/');
      return params;
    }
    const part = parts[i];
    if (part === undefined) return null;
    if (name) {
      if (part === '') return null;
      params[name[1]!] = decodePathSegment(part);
    } else if (part !== segment) {
      return null;
    }
  }
  return parts.length === segments.length ? params : null;
}
