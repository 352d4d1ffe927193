import type { IncomingMessage, ServerResponse } from 'node:http';

/** The role a request acts with: from its bearer token, or `admin` for a loopback client when no tokens are configured. */
export type HttpRole = 'admin' | 'viewer';

/** How {@link HttpContext.readJson} reads. */
export interface ReadJsonOptions {
  /**
   * A JSON content type is needed even without a body: a page of another site can send a form or
   * text without asking first, but not JSON, so an action that needs it cannot be forged that way.
   */
  typeRequired?: boolean;
}

/**
 * What every route of the HTTP server gets: the request, its parsed URL, who asks, and helpers
 * that apply the server's rules (body limit, JSON only, the request id echoed).
 */
export interface HttpContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** The role of the request's token; null when it sent none (a bad token is refused before any route). */
  role: HttpRole | null;
  /** The request's `X-Request-Id` (or a new one), echoed in the answer's header. */
  requestId: string;
  /** Reads the body as a JSON value, enforcing the body limit (413) and a JSON content type (415). */
  readJson(options?: ReadJsonOptions): Promise<unknown>;
  /** Answers `status` with `body` as JSON. */
  sendJson(status: number, body: unknown): void;
}
