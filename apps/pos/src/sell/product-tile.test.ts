import type { ProductView } from '@kasir/sync';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import { renderStatic } from '../testing/render-static.ts';
import { ProductTile, type ProductTileProps } from './product-tile.tsx';

const product: ProductView = {
  id: '00000000-0000-4000-8000-000000000001',
  sku: 'KOPI-1',
  name: 'Kopi',
  price: 5000,
  barcodes: [],
  category: null,
  taxRate: 0.11,
  active: true,
  version: 2,
  deleted: false,
  image: 'ab'.repeat(16),
  onHand: 3,
  pendingEdit: false,
  stockVersion: 1,
};
const tile = (props: Partial<ProductTileProps>) =>
  renderStatic((p: ProductTileProps) => createElement(ProductTile, p), {
    product,
    stockLabel: '3',
    onAdd: () => undefined,
    imageBase: 'https://toko.example',
    ...props,
  });

describe('product tile pictures', () => {
  it('shows the picture lazily from the paired server', async () => {
    const html = await tile({});
    expect(html).toContain(`src="https://toko.example/api/images/${'ab'.repeat(16)}/160.webp"`);
    expect(html).toContain('loading="lazy"');
  });

  it('before the first sync has finished, keeps the box but asks for no picture', async () => {
    const html = await tile({ pictures: false });
    expect(html).not.toContain('<img');
    expect(html).toContain('class="tile__img"');
  });

  it('a product without a picture has no box', async () => {
    const html = await tile({ product: { ...product, image: null }, pictures: false });
    expect(html).not.toContain('tile__img');
  });
});
