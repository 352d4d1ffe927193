import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { JitError } from '../errors/JitError';
import { Logger } from '../log/Logger';
import type { HttpContext, HttpRole, ReadJsonOptions } from './HttpContext';
import { httpStatusOf } from './httpStatusOf';

/** A caller's request id is echoed only when it is short and printable: it lands in headers and logs. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The body of a failed request (SPEC: the HTTP API's failure envelope). */
export interface ErrorBody {
  /** Non-zero: the HTTP status of the answer. */
  errcode: number;
  errmsg: string;
  code: string;
  issues?: JitError['issues'];
  requestId: string;
}

/**
 * The {@link HttpContext} of one request: the server's rules for bodies (limit, JSON only) and
 * answers (JSON, the request id echoed, failures in JitAi's envelope without a stack).
 */
export class RequestContext implements HttpContext {
  /** The request's path and query; `/` when its target is not one (see {@link badTarget}). */
  readonly url: URL;
  /** True when the request line's target is neither a path nor an absolute http(s) URL: the server answers 400. */
  readonly badTarget: boolean;
  readonly requestId: string;
  role: HttpRole | null = null;
  /** The route pattern that served the request (a pattern, never an id): the metrics' label. */
  route = 'unmatched';

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    private readonly bodyLimit: number,
    private readonly logger: Logger = new Logger(),
  ) {
    const url = parseTarget(req.url ?? '/');
    this.url = url ?? new URL('http://localhost/');
    this.badTarget = url === null;
    const asked = req.headers['x-request-id'];
    this.requestId = typeof asked === 'string' && REQUEST_ID.test(asked) ? asked : randomUUID();
    res.setHeader('X-Request-Id', this.requestId);
  }

  /**
   * The body as a JSON value; undefined when there is none. A body needs a JSON content type
   * (`application/json` or `…+json`, else 415; with `typeRequired`, also when there is no body)
   * and at most `bodyLimit` bytes (else 413, checked on the declared length first and on the bytes
   * as they arrive); text that is not UTF-8 JSON is 400.
   */
  async readJson(options: ReadJsonOptions = {}): Promise<unknown> {
    const { req } = this;
    const length = req.headers['content-length'];
    const jsonType = JSON_TYPE.test(req.headers['content-type'] ?? '');
    if (options.typeRequired && !jsonType) {
      throw refusal(
        415,
        `this request must be sent as JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}`,
      );
    }
    if ((length === undefined || Number(length) === 0) && req.headers['transfer-encoding'] === undefined) return undefined;
    if (!jsonType) {
      throw refusal(415, `the body must be JSON (Content-Type: application/json), not ${req.headers['content-type'] ?? 'untyped'}`);
    }
    if (Number(length) > this.bodyLimit) throw this.tooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.bodyLimit) throw this.tooLarge();
      chunks.push(chunk);
    }
    if (size === 0) return undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
    } catch {
      throw refusal(400, 'the body is not UTF-8 text');
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw refusal(400, `the body is not JSON: ${(err as Error).message}`);
    }
  }

  sendJson(status: number, body: unknown): void {
    if (this.res.headersSent) return;
    const text = JSON.stringify(body);
    this.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    this.res.end(text);
  }

  /**
   * The server's one error handler (every route's failures, the HTTP API's and the dashboard's,
   * reach it through `HttpRouter.handle`): a JitError by the status its code carries, with its
   * message and issues; anything else as 500 INTERNAL_ERROR with its message only. Never a stack:
   * that goes to the server's log with the request id.
   */
  fail(err: unknown): void {
    const jit = err instanceof JitError ? err : null;
    const status = jit ? httpStatusOf(jit) : 500;
    if (!jit || status === 500)
      this.logger.error('HTTP {method} {path} failed', {
        method: this.req.method,
        path: this.url.pathname,
        request: this.requestId,
        error: err,
      });
    const body: ErrorBody = {
      errcode: status,
      errmsg: err instanceof Error ? err.message : String(err),
      code: jit?.code ?? 'INTERNAL_ERROR',
      requestId: this.requestId,
    };
    // The issues of a loading report are worth a client's reading; the single issue every JitError carries repeats errmsg.
    if (jit && jit.issues.length > 1)
      body.issues = jit.issues.map(({ code, path, message, fullName }) => ({ code, path, message, fullName }));
    if (status === 401) this.res.setHeader('WWW-Authenticate', 'Bearer');
    if (status === 413) this.res.setHeader('Connection', 'close'); // the rest of the body is not read
    if (typeof jit?.details.allow === 'string') this.res.setHeader('Allow', jit.details.allow);
    this.sendJson(status, body);
  }

  private tooLarge(): JitError {
    return refusal(413, `the body is larger than the limit of ${this.bodyLimit} bytes (settings.http.bodyLimit)`);
  }
}

/** A refusal of the request itself (not of a function's arguments), answered with `status`. */
function refusal(status: number, message: string): JitError {
  return new JitError('API_PARAMS_ERROR', message, { details: { httpStatus: status } });
}

/**
 * The path and query of a request line's target: a path (`/a//b` stays that path, it names no
 * host), or an absolute http(s) URL as a proxy sends it; null for anything else (`*`, garbage).
 */
function parseTarget(target: string): URL | null {
  try {
    if (target.startsWith('/')) return new URL(`http://localhost${target}`);
    if (/^https?:\/\//i.test(target)) {
      const absolute = new URL(target);
      return new URL(`http://localhost${absolute.pathname}${absolute.search}`);
    }
  } catch {
    // not a URL: answered 400 by the server
  }
  return null;
}
