import { newId, type Receipt, type Supplier } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { LinePicker, linesToSave, type PickedLine } from './line-picker.tsx';

/** A delivery received in the back office, with its supplier; the branch's latest deliveries. */
export function ReceivePanel({ branchId }: { readonly branchId: string }) {
  const { t, language } = useT();
  const api = useApi();
  const qc = useQueryClient();
  const [lines, setLines] = useState<PickedLine[]>([]);
  const [supplierId, setSupplierId] = useState('');
  const [newSupplier, setNewSupplier] = useState('');
  const [reference, setReference] = useState('');
  // One id per delivery being typed: a retried save is the same receipt (S3).
  const [id, setId] = useState(newId);
  const suppliers = useQuery({
    queryKey: ['suppliers'],
    queryFn: () => api.get<Supplier[]>('/api/admin/suppliers'),
  });
  const receipts = useQuery({
    queryKey: ['receipts', branchId],
    queryFn: () => api.get<Receipt[]>('/api/admin/receipts', { branchId }),
  });
  const addSupplier = useMutation({
    mutationFn: () => api.send<Supplier>('POST', '/api/admin/suppliers', { id: newId(), name: newSupplier }),
    onSuccess: (s) => {
      setSupplierId(s.id);
      setNewSupplier('');
      void qc.invalidateQueries({ queryKey: ['suppliers'] });
    },
  });
  const save = useMutation({
    mutationFn: () =>
      api.send<Receipt>('POST', '/api/admin/receipts', {
        id,
        branchId,
        ...(supplierId === '' ? {} : { supplierId }),
        ...(reference.trim() === '' ? {} : { reference: reference.trim() }),
        lines: linesToSave(lines).map(({ productId, quantity, unitCost }) => ({
          productId,
          quantity,
          unitCost,
        })),
      }),
    onSuccess: () => {
      setLines([]);
      setReference('');
      setId(newId());
      void qc.invalidateQueries({ queryKey: ['receipts', branchId] });
    },
  });
  const supplierName = (sid: string | null) => suppliers.data?.find((s) => s.id === sid)?.name ?? '—';
  return (
    <>
      <div className="card stack">
        <h2>{t('stock.tabs.receive')}</h2>
        <div className="filters">
          <label>
            {t('stock.supplier')}{' '}
            <select value={supplierId} onChange={(e) => setSupplierId(e.target.value)} data-testid="supplier">
              <option value="">—</option>
              {suppliers.data?.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <input
            placeholder={t('stock.newSupplier')}
            value={newSupplier}
            onChange={(e) => setNewSupplier(e.target.value)}
          />
          <button
            type="button"
            className="k-btn"
            disabled={newSupplier.trim() === ''}
            onClick={() => addSupplier.mutate()}
          >
            {t('stock.addSupplier')}
          </button>
          <input
            placeholder={t('stock.reference')}
            aria-label={t('stock.reference')}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            data-testid="receipt-reference"
          />
        </div>
        <LinePicker lines={lines} onChange={setLines} withCost />
        <ErrorNote error={save.error ?? addSupplier.error} />
        <button
          type="button"
          className="k-btn k-btn--primary"
          data-testid="receipt-save"
          disabled={linesToSave(lines).length === 0 || save.isPending}
          onClick={() => {
            // A cost left empty is saved as 0 and drags the moving average down: ask first.
            const free = linesToSave(lines).filter((l) => l.unitCost <= 0);
            if (
              free.length > 0 &&
              !window.confirm(t('stock.noCost', { names: free.map((l) => l.name).join(', ') }))
            )
              return;
            save.mutate();
          }}
        >
          {t('stock.saveReceipt')}
        </button>
      </div>
      <div className="card table-wrap">
        <table className="table">
          <tbody>
            {receipts.data?.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.createdAt, language as Locale)}</td>
                <td>{supplierName(r.supplierId)}</td>
                <td>{r.reference ?? ''}</td>
                <td className="num">{r.lines.reduce((s, l) => s + l.quantity, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
