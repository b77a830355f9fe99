import { IMAGE_MAX_BYTES, productImagePath, type AdminProduct } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../shared/error-note.tsx';

/**
 * A product's picture on its edit screen: a preview, upload or replace (JPEG, PNG or WebP up to
 * 5 MB; the server checks the bytes and makes the tills' thumbnails), remove. It takes effect at
 * once (the tills get it in the catalog feed), apart from the form's Save.
 */
export function ProductImageField({ product }: { readonly product: AdminProduct }) {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [image, setImage] = useState<string | null>(product.image ?? null);
  const [local, setLocal] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  useEffect(() => setImage(product.image ?? null), [product.image]);
  // The preview of a chosen file is shown while it uploads; its object URL is freed after.
  useEffect(() => (local === null ? undefined : () => URL.revokeObjectURL(local)), [local]);

  const path = `/api/admin/products/${product.id}/image`;
  const done = async (saved: AdminProduct) => {
    setImage(saved.image ?? null);
    setLocal(null);
    if (input.current) input.current.value = '';
    await client.invalidateQueries({ queryKey: ['products'] });
  };
  const upload = useMutation({
    mutationFn: (file: File) => api.send<AdminProduct>('PUT', path, file),
    onSuccess: done,
    onError: () => setLocal(null),
  });
  const remove = useMutation({ mutationFn: () => api.send<AdminProduct>('DELETE', path), onSuccess: done });
  const busy = upload.isPending || remove.isPending;

  const choose = (file: File | undefined) => {
    if (file === undefined) return;
    upload.reset();
    // The server refuses it too; checked here so a big photo is not sent for nothing.
    setTooLarge(file.size > IMAGE_MAX_BYTES);
    if (file.size > IMAGE_MAX_BYTES) return;
    setLocal(URL.createObjectURL(file));
    upload.mutate(file);
  };
  const preview = local ?? (image === null ? null : productImagePath(image, 480));
  return (
    <div className="product-image" data-testid="product-image">
      <span className="product-image__label">{t('products.image')}</span>
      <div className="product-image__row">
        {preview === null ? (
          <div className="product-image__preview product-image__preview--none">{t('products.imageNone')}</div>
        ) : (
          <img
            className="product-image__preview"
            src={preview}
            alt={product.name}
            data-testid="image-preview"
          />
        )}
        <div className="product-image__actions">
          <input
            ref={input}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            hidden
            data-testid="image-file"
            onChange={(e) => choose(e.target.files?.[0])}
          />
          <Button disabled={busy} onClick={() => input.current?.click()}>
            {upload.isPending
              ? t('products.imageUploading')
              : image === null
                ? t('products.imageUpload')
                : t('products.imageReplace')}
          </Button>
          {image !== null && (
            <Button
              variant="danger"
              disabled={busy}
              onClick={() => remove.mutate()}
              data-testid="image-remove"
            >
              {t('products.imageRemove')}
            </Button>
          )}
          <small className="muted">{t('products.imageHint')}</small>
        </div>
      </div>
      <ErrorNote
        error={tooLarge ? new ApiError(413, 'image_too_large', 'too large') : (upload.error ?? remove.error)}
      />
    </div>
  );
}
