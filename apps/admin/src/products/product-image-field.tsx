import { IMAGE_MAX_BYTES, productImagePath, type AdminProduct } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';

/** The error a picture over the limit gets, before anything is sent (the server refuses it too). */
const tooLargeError = () => new ApiError(413, 'image_too_large', 'too large');

/**
 * A product's picture on its edit screen: a preview, upload or replace (JPEG, PNG or WebP up to
 * 5 MB; the server checks the bytes and makes the tills' thumbnails), remove. It takes effect at
 * once (the tills get it in the catalog feed), apart from the form's Save. `initialError` is an
 * upload that failed before this screen opened (a picture chosen with a new product).
 */
export function ProductImageField({
  product,
  initialError,
}: {
  readonly product: AdminProduct;
  readonly initialError?: ApiError | undefined;
}) {
  const api = useApi();
  const client = useQueryClient();
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
    await client.invalidateQueries({ queryKey: ['products'] });
  };
  const upload = useMutation({
    mutationFn: (file: File) => api.send<AdminProduct>('PUT', path, file),
    onSuccess: done,
    onError: () => setLocal(null),
  });
  const remove = useMutation({ mutationFn: () => api.send<AdminProduct>('DELETE', path), onSuccess: done });
  const touched = upload.isPending || remove.isPending || upload.isSuccess || remove.isSuccess || tooLarge;
  return (
    <ImagePicker
      alt={product.name}
      preview={local ?? (image === null ? null : productImagePath(image, 480))}
      has={image !== null}
      busy={upload.isPending || remove.isPending}
      uploading={upload.isPending}
      onChoose={(file) => {
        upload.reset();
        setTooLarge(file.size > IMAGE_MAX_BYTES);
        if (file.size > IMAGE_MAX_BYTES) return;
        setLocal(URL.createObjectURL(file));
        upload.mutate(file);
      }}
      onRemove={() => remove.mutate()}
      error={
        tooLarge
          ? tooLargeError()
          : (upload.error ?? remove.error ?? (touched ? null : (initialError ?? null)))
      }
      savedWithout={!touched && initialError !== undefined}
    />
  );
}

/**
 * The picture of a product not saved yet: chosen and previewed here, uploaded by the form right
 * after the product is created (there is no product to attach it to before).
 */
export function NewProductImageField({
  file,
  onChange,
}: {
  readonly file: File | null;
  readonly onChange: (file: File | null) => void;
}) {
  const [preview, setPreview] = useState<string | null>(null);
  const [tooLarge, setTooLarge] = useState(false);
  useEffect(() => {
    if (file === null) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);
  return (
    <ImagePicker
      alt=""
      preview={preview}
      has={file !== null}
      busy={false}
      uploading={false}
      onChoose={(chosen) => {
        setTooLarge(chosen.size > IMAGE_MAX_BYTES);
        onChange(chosen.size > IMAGE_MAX_BYTES ? null : chosen);
      }}
      onRemove={() => onChange(null)}
      error={tooLarge ? tooLargeError() : null}
    />
  );
}

/** The picture's preview with choose / replace / remove, for a saved or a new product alike. */
function ImagePicker(props: {
  readonly alt: string;
  readonly preview: string | null;
  readonly has: boolean;
  readonly busy: boolean;
  readonly uploading: boolean;
  readonly onChoose: (file: File) => void;
  readonly onRemove: () => void;
  readonly error: unknown;
  /** The error is a new product's picture: the product itself was saved. */
  readonly savedWithout?: boolean;
}) {
  const { t } = useT();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="product-image" data-testid="product-image">
      <span className="product-image__label">{t('products.image')}</span>
      <div className="product-image__row">
        {props.preview === null ? (
          <div className="product-image__preview product-image__preview--none">{t('products.imageNone')}</div>
        ) : (
          <img
            className="product-image__preview"
            src={props.preview}
            alt={props.alt}
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
            onChange={(e) => {
              const file = e.target.files?.[0];
              // Cleared, so choosing the same file again after a refusal is a change too.
              e.target.value = '';
              if (file !== undefined) props.onChoose(file);
            }}
          />
          <Button disabled={props.busy} onClick={() => input.current?.click()}>
            {props.uploading
              ? t('products.imageUploading')
              : props.has
                ? t('products.imageReplace')
                : t('products.imageUpload')}
          </Button>
          {props.has && (
            <Button
              variant="danger"
              disabled={props.busy}
              onClick={props.onRemove}
              data-testid="image-remove"
            >
              {t('products.imageRemove')}
            </Button>
          )}
          <small className="muted">{t('products.imageHint')}</small>
        </div>
      </div>
      {props.savedWithout === true && <p className="muted">{t('products.imageRefusedAfterSave')}</p>}
      <ErrorNote error={props.error} />
    </div>
  );
}
