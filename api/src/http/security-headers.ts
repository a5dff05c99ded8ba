import type { MiddlewareHandler } from 'hono';

/**
 * Headers on every answer: browsers do not guess content types (`nosniff`) and send no more than the origin
 * as referrer to other sites. Pages are framed only by iSync's own pages (`frame-ancestors 'self'`, and
 * X-Frame-Options for older browsers) unless the route set its own policy: the embed pages answer with
 * their tenant's allowed origins, and keep them.
 */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  const headers = c.res.headers;
  headers.set('X-Content-Type-Options', 'nosniff');
  if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  if (!headers.has('Content-Security-Policy')) {
    headers.set('Content-Security-Policy', "frame-ancestors 'self'; base-uri 'self'; object-src 'none'");
    if (!headers.has('X-Frame-Options')) headers.set('X-Frame-Options', 'SAMEORIGIN');
  }
};
