import type { ServerResponse } from 'node:http';

/**
 * What the dashboard page may load: its own script, style sheet and images (and the empty `data:`
 * icon of index.html), requests to its own server; no inline script or style, no plugin, no other
 * site, and no page may frame it (clickjacking).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Sets the headers every answer of the server carries: the content security policy, no framing
 * (`X-Frame-Options` for browsers without `frame-ancestors`), no content sniffing, and the page's
 * address for its own server only. Not `no-referrer`: under it a browser sends `Origin: null` with
 * the page's own POSTs, which the cross-site check refuses.
 */
export function setSecurityHeaders(res: ServerResponse): void {
  if (res.headersSent) return;
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}
