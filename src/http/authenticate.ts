import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { JitError } from '../errors/JitError';
import type { HttpRole } from './HttpContext';
import type { HttpToken } from './HttpSettings';
import { isLoopbackAddress } from './isLoopbackAddress';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** Who sends a request: its role, and who holds it (a token's `name`, or `loopback` when no tokens are configured). */
export interface HttpCaller {
  role: HttpRole;
  holder: string;
}

/** The holder of every request when no tokens are configured: loopback clients, all of them admin. */
export const LOOPBACK_HOLDER = 'loopback';

/**
 * Who a request acts as, before any route sees it. With no tokens configured only loopback
 * clients are served, as admin (a non-loopback one is FORBIDDEN). With tokens, the bearer token's
 * role, or null without an `Authorization` header; a header that names no token is UNAUTHORIZED.
 * Tokens are compared by digest in constant time, so the answer's timing does not spell them out.
 */
export function authenticate(req: Pick<IncomingMessage, 'headers' | 'socket'>, tokens: readonly HttpToken[]): HttpRole | null {
  return identifyCaller(req, tokens)?.role ?? null;
}

/** {@link authenticate}, with who holds the role: the token's name, or {@link LOOPBACK_HOLDER}. */
export function identifyCaller(req: Pick<IncomingMessage, 'headers' | 'socket'>, tokens: readonly HttpToken[]): HttpCaller | null {
  if (tokens.length === 0) {
    if (isLoopbackAddress(req.socket.remoteAddress)) return { role: 'admin', holder: LOOPBACK_HOLDER };
    throw new JitError('FORBIDDEN', 'no tokens are configured (settings.http.tokens): only loopback clients are served');
  }
  const header = req.headers.authorization;
  if (header === undefined) return null;
  const sent = BEARER.exec(header)?.[1];
  if (sent === undefined) throw new JitError('UNAUTHORIZED', 'the Authorization header must be "Bearer <token>"');
  const digest = sha256(sent);
  const found = tokens.find((t) => timingSafeEqual(sha256(t.token), digest));
  if (!found) throw new JitError('UNAUTHORIZED', 'unknown token');
  return { role: found.role, holder: found.name };
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
