import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app-types.ts';

/** Paths that belong to the server, never to the app's client-side routes. */
const SERVER_PATHS = /^\/(api|docs|socket\.io|metrics|healthz)(\/|$|\?)/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Kasir</title>
<p>The cashier app is not built yet. Run <code>npm run build -w @kasir/pos</code> (npm start does it for you).</p>`;

/**
 * Serves the cashier PWA from `dir` at `/`. Hashed assets are cached for a year; index.html and the
 * service worker are revalidated on every load so a new version reaches the shop at once.
 * Returns the not-found fallback that answers client-side routes with index.html.
 */
export async function registerPwa(
  app: App,
  dir: string | undefined,
): Promise<(req: FastifyRequest, reply: FastifyReply) => boolean> {
  const index = dir === undefined ? undefined : join(dir, 'index.html');
  const built = index !== undefined && existsSync(index);
  if (built) {
    await app.register(fastifyStatic, {
      root: dir!,
      wildcard: true,
      index: ['index.html'],
      setHeaders(res, path) {
        res.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return (req, reply) => {
    if (req.method !== 'GET' || SERVER_PATHS.test(req.url)) return false;
    void reply
      .status(built ? 200 : 503)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(built ? readFileSync(index) : NOT_BUILT);
    return true;
  };
}
