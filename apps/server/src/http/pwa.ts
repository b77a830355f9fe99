import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app-types.ts';

/** Paths that belong to the server, never to the app's client-side routes. */
const SERVER_PATHS = /^\/(api|docs|socket\.io|metrics|healthz)(\/|$|\?)/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kasir</title>
<p>The cashier app is not built yet. Run <code>npm run build -w @kasir/pos</code> (npm start does it for you).</p>`;

const ADMIN_NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kasir back office</title>
<p>The back office is not built yet. Run <code>npm run build -w @kasir/admin</code>.</p>`;

/** The back office's own paths: `/admin` and below. */
const ADMIN_PATHS = /^\/admin(\/|$|\?)/;

const cacheHeaders = (res: { setHeader(k: string, v: string): void }, path: string) =>
  res.setHeader(
    'cache-control',
    path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  );

/**
 * Serves the cashier PWA from `dir` at `/`, and the back office from `adminDir` at `/admin/` (its own
 * bundle: the till stays lean). Hashed assets are cached for a year; index.html and the service
 * worker are revalidated on every load so a new version reaches the shop at once.
 * Returns the not-found fallback that answers client-side routes with the right index.html, so
 * `/admin/products?q=kopi` survives a reload.
 */
export async function registerPwa(
  app: App,
  dir: string | undefined,
  adminDir?: string,
): Promise<(req: FastifyRequest, reply: FastifyReply) => boolean> {
  const index = dir === undefined ? undefined : join(dir, 'index.html');
  const built = index !== undefined && existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir!,
      wildcard: true,
      index: ['index.html'],
      setHeaders: cacheHeaders,
    });
  }
  const adminIndex = adminDir === undefined ? undefined : join(adminDir, 'index.html');
  const adminBuilt = adminIndex !== undefined && existsSync(adminIndex);
  if (adminBuilt) {
    await app.register(fastifyStatic, {
      root: adminDir!,
      prefix: '/admin/',
      wildcard: true,
      index: ['index.html'],
      // The PWA's registration already decorated the reply.
      decorateReply: !built,
      setHeaders: cacheHeaders,
    });
  }
  const page = (reply: FastifyReply, ok: boolean, body: string | Buffer) => {
    void reply
      .status(ok ? 200 : 503)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(body);
    return true;
  };
  return (req, reply) => {
    if (req.method !== 'GET' || SERVER_PATHS.test(req.url)) return false;
    if (ADMIN_PATHS.test(req.url))
      return page(reply, adminBuilt, adminBuilt ? readFileSync(adminIndex) : ADMIN_NOT_BUILT);
    return page(reply, built, built ? readFileSync(index) : NOT_BUILT);
  };
}
