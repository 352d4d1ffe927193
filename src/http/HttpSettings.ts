import { settingNumber } from '../runtime/settingNumber';
import type { HttpRole } from './HttpContext';

/** One bearer token of `settings.http.tokens`. */
export interface HttpToken {
  /** Who holds it: logged, never answered. */
  name: string;
  token: string;
  role: HttpRole;
}

/** The HTTP server's knobs: `settings.http` in app.yaml (all optional; README documents each). */
export interface HttpSettings {
  /** The port `jittask run` listens on when `--http` gives none; undefined: serve only with `--http`. */
  port?: number;
  /** The address to listen on. */
  host: string;
  tokens: HttpToken[];
  /** The largest request body, bytes. */
  bodyLimit: number;
  /** Names clients may reach the server by (in `Host`), besides the address it was reached at and `localhost`. */
  allowedHosts: string[];
  /** Open dashboard event streams per token (with no tokens: in all). */
  maxEventStreams: number;
}

/** The port of `--http` without one and without `settings.http.port`. */
export const DEFAULT_HTTP_PORT = 8787;
/** 1 MiB: far above any declared function's arguments, far below what hurts a process's memory. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** Event streams per token: a wall of dashboards under one token, far below what strains the process. */
export const DEFAULT_MAX_EVENT_STREAMS = 16;

/**
 * Reads `settings.http`. The loader has checked every key and bound already (the runtime's
 * settings check), so this only converts numbers written as strings (placeholders).
 */
export function readHttpSettings(raw: unknown): HttpSettings {
  const http = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    port: settingNumber(http.port),
    host: typeof http.host === 'string' ? http.host : '127.0.0.1',
    tokens: Array.isArray(http.tokens) ? (http.tokens as HttpToken[]) : [],
    bodyLimit: settingNumber(http.bodyLimit) ?? DEFAULT_BODY_LIMIT,
    allowedHosts: Array.isArray(http.allowedHosts) ? (http.allowedHosts as string[]) : [],
    maxEventStreams: settingNumber(http.maxEventStreams) ?? DEFAULT_MAX_EVENT_STREAMS,
  };
}
