import type { IncomingMessage } from 'node:http';
import { JitError } from '../errors/JitError';

/** Methods that only read: a page of another site may send them, but cannot read the answer. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
/** `Host` (or an Origin's host): a name or IPv4 address, or an IPv6 address in brackets, and an optional port. */
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([^:[\]/\s]+))(?::\d{1,5})?$/i;

/** Where the server may be reached: names besides the address a connection arrives at and `localhost`. */
export interface SiteRules {
  /** Names (no port) clients reach the server by, and the sites whose pages may act: `settings.http.allowedHosts`. */
  allowedHosts: readonly string[];
  /** A name the server listens on (not an address): a client reaching it by that name names it in `Host`. */
  listenName?: string;
}

/**
 * Refuses, with FORBIDDEN, a request that a web page in the user's browser may have sent without
 * the user: with no tokens, a loopback client is admin, so any page the browser opens could act.
 * - DNS rebinding: a page of `attacker.example`, its name pointed at 127.0.0.1, reaches the server
 *   with `Host: attacker.example`. The Host must name the address the connection arrived at,
 *   `localhost`, the name the server listens on, or one of `allowedHosts`.
 * - Cross-site requests: a request that may change something (any method but GET, HEAD and
 *   OPTIONS) is refused when the browser says it comes from another site or origin
 *   (`Sec-Fetch-Site` other than `same-origin` or `none`) or its `Origin` is not this server's (the
 *   host and port of its `Host`, or a name of `allowedHosts`: a reverse proxy may rewrite `Host`).
 *   Clients that are not browsers send neither header and are not affected.
 */
export function checkRequestSite(req: IncomingMessage, rules: SiteRules): void {
  const host = req.headers.host;
  if (host !== undefined) {
    const name = hostName(host);
    if (name === null || !isOwnName(name, req, rules)) {
      throw new JitError(
        'FORBIDDEN',
        `the Host ${JSON.stringify(host)} is not a name of this server: a request must name the address it reaches, localhost, ` +
          'or a name of settings.http.allowedHosts (a page of another site may have pointed its name at this machine)',
      );
    }
  }
  const method = req.method ?? 'GET';
  if (READ_METHODS.has(method)) return;
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw new JitError(
      'FORBIDDEN',
      `a ${method} the browser marks as ${fetchSite} (Sec-Fetch-Site) is refused: only this server's own pages may act from a browser`,
    );
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, host, rules)) {
    throw new JitError(
      'FORBIDDEN',
      `a ${method} from another site (Origin ${JSON.stringify(origin)}) is refused: only this server's own pages may act from a browser`,
    );
  }
}

/** The host name of a `Host` value, lower case, without port or brackets; null when it is not one. */
function hostName(value: string): string | null {
  const match = HOST_HEADER.exec(value.trim());
  const name = match?.[1] ?? match?.[2];
  return name === undefined ? null : name.toLowerCase();
}

function isOwnName(name: string, req: IncomingMessage, rules: SiteRules): boolean {
  if (name === 'localhost' || name === plainAddress(req.socket.localAddress)) return true;
  if (rules.listenName !== undefined && name === plainName(rules.listenName)) return true;
  return rules.allowedHosts.some((allowed) => plainName(allowed) === name);
}

/** A configured name as a `Host` names it: lower case, an IPv6 address without brackets. */
function plainName(name: string): string {
  return name.replace(/^\[|\]$/g, '').toLowerCase();
}

/** An address as a `Host` names it: an IPv4 address mapped into IPv6 (a dual-stack socket) as IPv4. */
function plainAddress(address: string | undefined): string | undefined {
  const lower = address?.toLowerCase();
  return lower?.startsWith('::ffff:') && lower.includes('.') ? lower.slice('::ffff:'.length) : lower;
}

/** True for an Origin of this server: the scheme-less host and port of the request's Host, or a name of `allowedHosts`. */
function isOwnOrigin(origin: string, host: string | undefined, rules: SiteRules): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // `null` (a sandboxed frame, a file) and anything else that is no origin
  }
  if (host !== undefined && url.host === host.trim().toLowerCase()) return true;
  const name = plainName(url.hostname);
  return rules.allowedHosts.some((allowed) => plainName(allowed) === name);
}
