import type { AdminProduct, AdminProductCreateBody, AdminProductUpdateBody } from '@kasir/protocol';
import { Button, MoneyInput, useT } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { useMe } from '../common/queries.ts';
import { useBack } from '../common/use-back.ts';
import { Field } from '../common/field.tsx';
import { NewProductImageField, ProductImageField } from './product-image-field.tsx';
import './product-image.css';

/** Effective PPN rate of each tax class (see packages/protocol/src/money/tax.ts). */
const TAX_RATES = { standard: 11, luxury: 12, exempt: 0 } as const;
type TaxClassName = keyof typeof TAX_RATES;
const classOf = (rate: number): TaxClassName => (rate === 12 ? 'luxury' : rate === 0 ? 'exempt' : 'standard');

/** A picture refused after its new product was created, carried to the product's edit screen. */
interface PictureError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

interface Draft {
  sku: string;
  name: string;
  barcodes: string;
  category: string;
  unit: string;
  price: number;
  taxClass: TaxClassName;
  active: boolean;
}

const EMPTY: Draft = {
  sku: '',
  name: '',
  barcodes: '',
  category: '',
  unit: '',
  price: 0,
  taxClass: 'standard',
  active: true,
};

function draftOf(p: AdminProduct): Draft {
  return {
    sku: p.sku,
    name: p.name,
    barcodes: p.barcodes.join(' '),
    category: p.category ?? '',
    unit: p.unit ?? '',
    price: p.price,
    taxClass: classOf(p.taxRate),
    active: p.active,
  };
}

function bodyOf(d: Draft): AdminProductCreateBody & AdminProductUpdateBody {
  return {
    sku: d.sku.trim(),
    name: d.name.trim(),
    price: d.price,
    barcodes: d.barcodes.split(/[\s,;|]+/).filter((b) => b !== ''),
    category: d.category.trim() === '' ? null : d.category.trim(),
    unit: d.unit.trim() === '' ? null : d.unit.trim(),
    taxRate: TAX_RATES[d.taxClass],
    active: d.active,
  };
}

/** Create (`/products/new`) or edit (`/products/:id`) a product; archive is "not active". */
export function ProductFormScreen() {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const back = useBack('/products');
  const readOnly = useMe().data?.canEditCatalog === false;
  const { id } = useParams();
  const existing = useQuery({
    queryKey: ['product', id],
    queryFn: () => api.get<AdminProduct>(`/api/admin/products/${id ?? ''}`),
    enabled: id !== undefined,
  });
  const categories = useQuery({
    queryKey: ['categories'],
    queryFn: () => api.get<string[]>('/api/admin/products/categories'),
  });
  const [draft, setDraft] = useState<Draft>(EMPTY);
  useEffect(() => {
    if (existing.data) setDraft(draftOf(existing.data));
  }, [existing.data]);
  // A new product's picture, uploaded right after the product is created.
  const [picture, setPicture] = useState<File | null>(null);
  const location = useLocation();
  const pictureFailed = (location.state as { pictureError?: PictureError } | null)?.pictureError;
  const save = useMutation({
    mutationFn: async (
      body: AdminProductCreateBody & AdminProductUpdateBody,
    ): Promise<{ saved: AdminProduct; pictureError: PictureError | null }> => {
      if (id !== undefined)
        return {
          saved: await api.send<AdminProduct>('PATCH', `/api/admin/products/${id}`, body),
          pictureError: null,
        };
      const saved = await api.send<AdminProduct>('POST', '/api/admin/products', body);
      if (picture === null) return { saved, pictureError: null };
      try {
        return {
          saved: await api.send<AdminProduct>('PUT', `/api/admin/products/${saved.id}/image`, picture),
          pictureError: null,
        };
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        return { saved, pictureError: { status: e.status, code: e.code, message: e.message } };
      }
    },
    onSuccess: async ({ saved, pictureError }) => {
      client.setQueryData(['product', saved.id], saved);
      await client.invalidateQueries({ queryKey: ['products'] });
      await client.invalidateQueries({ queryKey: ['categories'] });
      // The product is saved; its picture was refused: the edit screen says why, to choose another.
      if (pictureError !== null)
        await navigate(`/products/${saved.id}`, { replace: true, state: { pictureError } });
      else await back();
    },
  });
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft({ ...draft, [k]: v });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(bodyOf(draft));
  };
  return (
    <section className="screen narrow">
      <Link to="/products" className="back">
        {t('common.back')}
      </Link>
      <h1>{id === undefined ? t('products.newTitle') : t('products.editTitle')}</h1>
      <ErrorNote error={existing.error} />
      {existing.data !== undefined && !readOnly && (
        <div className="card">
          <ProductImageField
            product={existing.data}
            initialError={
              pictureFailed === undefined
                ? undefined
                : new ApiError(pictureFailed.status, pictureFailed.code, pictureFailed.message)
            }
          />
        </div>
      )}
      {id === undefined && !readOnly && (
        <div className="card">
          <NewProductImageField file={picture} onChange={setPicture} />
        </div>
      )}
      {readOnly && (
        <p className="muted" data-testid="catalog-read-only">
          {t('products.readOnly')}
        </p>
      )}
      <form className="card form" onSubmit={submit}>
        {/* A manager without the catalog right sees the product, every field shut (the server refuses
            the write too). */}
        <fieldset className="form__fields" disabled={readOnly}>
          <Field label={t('products.name')}>
            <input
              required
              maxLength={200}
              value={draft.name}
              onChange={(e) => set('name', e.target.value)}
            />
          </Field>
          <div className="grid2">
            <Field label={t('products.sku')}>
              <input required maxLength={64} value={draft.sku} onChange={(e) => set('sku', e.target.value)} />
            </Field>
            <Field label={t('products.price')}>
              <MoneyInput
                label={t('products.price')}
                value={draft.price}
                onChange={(v) => set('price', v)}
                required
              />
            </Field>
          </div>
          <Field label={t('products.barcodes')}>
            <input
              value={draft.barcodes}
              onChange={(e) => set('barcodes', e.target.value)}
              inputMode="numeric"
            />
            <small className="muted">{t('products.barcodesHint')}</small>
          </Field>
          <div className="grid2">
            <Field label={t('products.category')}>
              <input
                list="categories"
                value={draft.category}
                onChange={(e) => set('category', e.target.value)}
              />
              <datalist id="categories">
                {categories.data?.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </Field>
            <Field label={t('products.unit')}>
              <input
                maxLength={20}
                placeholder="pcs"
                value={draft.unit}
                onChange={(e) => set('unit', e.target.value)}
              />
            </Field>
          </div>
          <Field label={t('products.taxClass')}>
            <select value={draft.taxClass} onChange={(e) => set('taxClass', e.target.value as TaxClassName)}>
              {(Object.keys(TAX_RATES) as TaxClassName[]).map((c) => (
                <option key={c} value={c}>
                  {t(`products.taxClasses.${c}`)}
                </option>
              ))}
            </select>
          </Field>
          <label className="check">
            <input type="checkbox" checked={draft.active} onChange={(e) => set('active', e.target.checked)} />
            {t('products.active')}
          </label>
          <ErrorNote error={save.error} />
          <div className="row">
            <Button type="submit" variant="primary" disabled={save.isPending}>
              {t('common.save')}
            </Button>
            {id !== undefined && existing.data?.active === true && (
              <Button
                variant="danger"
                disabled={save.isPending}
                onClick={() =>
                  // Archived, it leaves every till's grid: one tap should not do that by accident.
                  window.confirm(t('products.archiveConfirm', { name: draft.name })) &&
                  save.mutate({ ...bodyOf(draft), active: false })
                }
              >
                {t('products.archive')}
              </Button>
            )}
          </div>
        </fieldset>
      </form>
    </section>
  );
}
