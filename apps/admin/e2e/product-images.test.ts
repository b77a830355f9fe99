import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AdminProduct } from '@kasir/protocol';
import { picturePng } from '@kasir/test-kit';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, OWNER, signedIn, startAdminHarness, type AdminHarness } from './harness.ts';

/** docs/screenshots with KASIR_UPDATE_SCREENSHOTS=1, a scratch folder otherwise. */
const SHOTS =
  process.env.KASIR_UPDATE_SCREENSHOTS === '1'
    ? resolve(import.meta.dirname, '../../../docs/screenshots')
    : mkdtempSync(join(tmpdir(), 'kasir-admin-pictures-'));

/** Issue 16 item 6: a product's picture on its edit screen. */
describe('back office: product pictures', () => {
  let h: AdminHarness;
  let owner: Page;
  let product: AdminProduct;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${h.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as T;
  };
  const stored = () => call<AdminProduct>('GET', `/api/admin/products/${product.id}`);

  beforeAll(async () => {
    h = await startAdminHarness();
    await call('POST', '/api/auth/setup', { setupToken: ADMIN_TOKEN, ...OWNER });
    product = await call<AdminProduct>('POST', '/api/admin/products', {
      sku: 'KOPI-1',
      name: 'Kopi Susu Gula Aren',
      price: 18_000,
      category: 'Minuman',
      unit: 'gelas',
    });
    owner = await signedIn(h, OWNER.username, OWNER.password, `/admin/products/${product.id}`);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('uploads a picture with a preview; the product gets its hash', async () => {
    await owner.getByTestId('product-image').waitFor();
    expect(await owner.getByTestId('image-preview').count()).toBe(0);
    await owner.getByTestId('image-file').setInputFiles({
      name: 'kopi.png',
      mimeType: 'image/png',
      buffer: picturePng(800, 600, [120, 72, 40]),
    });
    await expect
      .poll(async () => (await stored()).image ?? null, { timeout: 10_000 })
      .toMatch(/^[0-9a-f]{32}$/);
    const { image } = await stored();
    await expect
      .poll(() => owner.getByTestId('image-preview').getAttribute('src'))
      .toBe(`/api/images/${image!}/480.webp`);
    await expect
      .poll(() =>
        owner
          .getByTestId('image-preview')
          .evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth === 480),
      )
      .toBe(true);
    await owner.screenshot({ path: join(SHOTS, 'admin-product-picture.png'), fullPage: true });
  });

  it('refuses a renamed text file and a file over 5 MB with translated errors; the picture stays', async () => {
    const before = (await stored()).image;
    await owner.getByTestId('image-file').setInputFiles({
      name: 'foto.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('bukan gambar, hanya teks'),
    });
    await owner.getByText('Bukan gambar JPEG, PNG atau WebP').waitFor();
    await owner.getByTestId('image-file').setInputFiles({
      name: 'besar.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(5 * 1024 * 1024 + 1, 1),
    });
    await owner.getByText('Gambar terlalu besar: maksimal 5 MB').waitFor();
    await owner.screenshot({ path: join(SHOTS, 'admin-product-picture-error.png'), fullPage: true });
    expect((await stored()).image).toBe(before);
  });

  it('removes the picture', async () => {
    await owner.getByTestId('image-remove').click();
    await expect.poll(async () => (await stored()).image ?? null).toBeNull();
    await owner.getByText('Belum ada gambar').waitFor();
    expect(h.errors).toEqual([]);
  });

  const newProduct = async (sku: string, picture: { name: string; mimeType: string; buffer: Buffer }) => {
    await owner.goto(`${h.url}/admin/products/new`);
    await owner.getByLabel('Nama').fill(`Teh ${sku}`);
    await owner.getByLabel('SKU').fill(sku);
    await owner.getByLabel('Harga').fill('5.000');
    await owner.getByTestId('image-file').setInputFiles(picture);
    await owner.getByRole('button', { name: 'Simpan' }).click();
    await owner.waitForURL((u) => !u.pathname.endsWith('/new'));
    const found = await call<{ items: AdminProduct[] }>('GET', `/api/admin/products?q=${sku}`);
    return found.items.find((p) => p.sku === sku)!;
  };

  it('a new product takes its picture in the same form, uploaded once the product is created', async () => {
    await owner.goto(`${h.url}/admin/products/new`);
    await owner.getByTestId('image-file').setInputFiles({
      name: 'teh.png',
      mimeType: 'image/png',
      buffer: picturePng(640, 480, [40, 120, 60]),
    });
    // Previewed before anything is saved; removing it leaves none.
    await owner.getByTestId('image-preview').waitFor();
    await owner.getByTestId('image-remove').click();
    // The preview goes with the render after the file is cleared.
    await owner.getByTestId('image-preview').waitFor({ state: 'detached' });
    const made = await newProduct('TEH-1', {
      name: 'teh.png',
      mimeType: 'image/png',
      buffer: picturePng(640, 480, [40, 120, 60]),
    });
    expect(made.image).toMatch(/^[0-9a-f]{32}$/);
    // The form was opened directly (as from a bookmark): saving goes to the product list, not to
    // whatever the browser had before (a blank page in a new tab).
    expect(new URL(owner.url()).pathname).toBe('/admin/products');
  });

  it("a new product's refused picture: the product is saved, and its edit screen says why", async () => {
    const made = await newProduct('TEH-2', {
      name: 'teh.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('bukan gambar, hanya teks'),
    });
    expect(made.image ?? null).toBeNull();
    expect(new URL(owner.url()).pathname).toBe(`/admin/products/${made.id}`);
    await owner.getByTestId('product-image').getByText('Bukan gambar JPEG, PNG atau WebP').waitFor();
    await owner.getByText('Produk sudah tersimpan, tetapi gambarnya tidak').waitFor();
    await owner.screenshot({ path: join(SHOTS, 'admin-new-product-picture-refused.png'), fullPage: true });
    expect(h.errors).toEqual([]);
  });
});
