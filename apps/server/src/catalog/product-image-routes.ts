import {
  AdminProduct,
  ErrorEnvelope,
  IdParams,
  IMAGE_MAX_BYTES,
  ImageHash,
  PRODUCT_IMAGE_SIZES,
  type ProductImageSize,
} from '@kasir/protocol';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { noteAudit } from '../audit/audit-log.ts';
import { adminGuard } from '../auth/route-guard.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { makeThumbnails } from './product-images.ts';
import { readThumbnail, setProductImage, storeThumbnails } from './product-image-service.ts';

/** Served image bytes never change under their URL (the hash is in it): a year, immutable. */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

const ImageParams = z.object({
  hash: ImageHash,
  file: z.enum(PRODUCT_IMAGE_SIZES.map((s) => `${s}.webp`) as [string, ...string[]]),
});

const tooLarge = () => new HttpError(413, 'image_too_large', `the image is over ${IMAGE_MAX_BYTES} bytes`);

/**
 * Reads an upload as raw bytes whatever its Content-Type says (the bytes are sniffed later), and
 * stops at IMAGE_MAX_BYTES with `image_too_large` instead of reading the rest.
 */
function readUpload(
  req: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (err: Error | null, body?: Buffer) => void,
): void {
  const declared = Number(req.headers['content-length']);
  if (declared > IMAGE_MAX_BYTES) {
    done(tooLarge());
    return;
  }
  const parts: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (err: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(err, body);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > IMAGE_MAX_BYTES) finish(tooLarge());
    else if (!finished) parts.push(chunk);
  });
  payload.on('end', () => finish(null, Buffer.concat(parts)));
  payload.on('error', (err: Error) => finish(err));
}

/**
 * Product pictures: `PUT /api/admin/products/:id/image` (the file as the raw body, JPEG, PNG or
 * WebP by its bytes, at most IMAGE_MAX_BYTES) and `DELETE` of the same path for the back office;
 * `GET /api/images/:hash/:size.webp` for everyone, tills' `<img>` tags included (they cannot send
 * a token; a picture of a product is no secret, and its 128-bit hash is not guessable).
 */
export async function registerProductImageRoutes(app: App, deps: RouteDeps): Promise<void> {
  const { db, clock, hub } = deps;
  const catalogAdmin = adminGuard(deps, 'catalog');

  await app.register((scope: App, _opts, next) => {
    // Only in this scope: every body is bytes to sniff, never JSON or a form.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', readUpload);
    scope.put(
      '/api/admin/products/:id/image',
      catalogAdmin.route({
        schema: {
          params: IdParams,
          consumes: ['image/jpeg', 'image/png', 'image/webp', 'application/octet-stream'],
          response: { 200: AdminProduct, 404: ErrorEnvelope, 413: ErrorEnvelope, 422: ErrorEnvelope },
        },
      }),
      async (req) => {
        const body = req.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new HttpError(422, 'image_unsupported', 'send the image file as the request body');
        const made = await makeThumbnails(body);
        if (!made.ok)
          throw new HttpError(made.code === 'image_too_large' ? 413 : 422, made.code, made.message);
        const now = isoNow(clock);
        await storeThumbnails(db, made.thumbnails, now);
        const r = await setProductImage(db, req.params.id, made.thumbnails.hash, now);
        if (!r.ok) throw new HttpError(404, 'not_found', 'no such product');
        hub.publish(r.changes);
        noteAudit(req, {
          summary: `${r.product.name} (${r.product.sku}) picture set`,
          details: { image: made.thumbnails.hash, bytes: body.length },
        });
        return r.product;
      },
    );
    next();
  });

  app.delete(
    '/api/admin/products/:id/image',
    catalogAdmin.route({ schema: { params: IdParams, response: { 200: AdminProduct, 404: ErrorEnvelope } } }),
    async (req) => {
      const r = await setProductImage(db, req.params.id, null, isoNow(clock));
      if (!r.ok) throw new HttpError(404, 'not_found', 'no such product');
      hub.publish(r.changes);
      noteAudit(req, { summary: `${r.product.name} (${r.product.sku}) picture removed`, details: {} });
      return r.product;
    },
  );

  app.get(
    '/api/images/:hash/:file',
    { schema: { params: ImageParams, tags: ['images'] } },
    async (req, reply) => {
      const { hash, file } = req.params;
      const size = Number(file.slice(0, -'.webp'.length)) as ProductImageSize;
      // The bytes under a URL never change, so the tag names the URL's content without reading it.
      const etag = `"${hash}-${size}"`;
      void reply.header('cache-control', IMAGE_CACHE_CONTROL).header('etag', etag);
      const match = req.headers['if-none-match'];
      if (match !== undefined && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag)) {
        return reply.status(304).send();
      }
      const bytes = await readThumbnail(db, hash, size);
      if (bytes === undefined) {
        // Not cached: the picture may be stored a moment later (another process's upload).
        void reply.header('cache-control', 'no-store').removeHeader('etag');
        throw new HttpError(404, 'not_found', 'no such image');
      }
      return reply.type('image/webp').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );
}
