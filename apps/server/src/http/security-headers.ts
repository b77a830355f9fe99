import type { FastifyInstance } from 'fastify';

/**
 * The cashier app is a Vite build (module scripts and stylesheets from its own origin, no inline
 * script), with a service worker and a manifest. It talks to its server by fetch and Socket.IO; the
 * server URL is a setting of the app, so `connect-src` admits any http(s)/ws(s) origin (a bearer token
 * is only ever sent to the server the device was paired with). Inline styles are allowed because
 * React sets `style` attributes; nothing else is inline.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The Swagger UI at /docs ships an inline bootstrap and inline styles of its own: it gets a looser
 * script policy, and only there.
 */
const DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

const FIXED: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * Over https, browsers are told to use nothing else for a year. `req.protocol` is the socket's,
 * or `x-forwarded-proto` from a proxy TRUST_PROXY trusts (TLS usually ends at that proxy).
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/**
 * What the API's answers get unless a route says otherwise (the product pictures are immutable and
 * cached for a year). They carry a shop's sales, stock and staff: no browser or proxy may keep them
 * on disk. On a till it also saves the disk: Chromium wrote every sync pull into its HTTP disk cache,
 * new files beside IndexedDB after each sale.
 */
export const API_CACHE_CONTROL = 'no-store';

/** One onSend hook: the same few security headers on every answer (app, API, errors, 404s). */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    for (const [name, value] of Object.entries(FIXED)) void reply.header(name, value);
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control'))
      void reply.header('cache-control', API_CACHE_CONTROL);
    if (req.protocol === 'https') void reply.header('strict-transport-security', STRICT_TRANSPORT_SECURITY);
    const docs = req.url === '/docs' || req.url.startsWith('/docs/');
    void reply.header('content-security-policy', docs ? DOCS_POLICY : CONTENT_SECURITY_POLICY);
    done(null, payload);
  });
}
