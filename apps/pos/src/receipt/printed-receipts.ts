import type { KeyValueStorage } from '../common/key-value-storage.ts';

const KEY = 'kasir.printed';
/** Sale ids remembered as printed; older ones fall off (a reprint of those is still a copy). */
const KEEP = 500;

/** Which receipts were printed once already: printing one again prints a copy ("SALINAN"). */
export function wasPrinted(storage: KeyValueStorage, saleId: string): boolean {
  return readIds(storage).includes(saleId);
}

export function markPrinted(storage: KeyValueStorage, saleId: string): void {
  const ids = readIds(storage).filter((id) => id !== saleId);
  storage.setItem(KEY, JSON.stringify([...ids, saleId].slice(-KEEP)));
}

function readIds(storage: KeyValueStorage): string[] {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
