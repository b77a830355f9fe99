import { normalizePhone, type Customer } from '@kasir/protocol';

/**
 * Customers whose name contains `query` or whose phone matches it (any way people type a number),
 * one per phone number: the server merges duplicates by phone, so a customer made here before the
 * merge and the kept one from the feed are one person; the feed's copy (the kept id) wins.
 */
export function searchCustomers(all: readonly Customer[], query: string, limit = 20): Customer[] {
  const q = query.trim().toLowerCase();
  const phone = normalizePhone(query);
  const digits = q.replace(/\D/g, '').replace(/^0/, '');
  const byPhone = new Map<string, Customer>();
  for (const c of all) {
    const held = byPhone.get(c.phone);
    // The kept customer is the one the server received first.
    if (
      held === undefined ||
      (held.receivedAt === '' && c.receivedAt !== '') ||
      (c.receivedAt !== '' && c.receivedAt < held.receivedAt)
    )
      byPhone.set(c.phone, c);
  }
  return [...byPhone.values()]
    .filter(
      (c) =>
        q === '' ||
        c.name.toLowerCase().includes(q) ||
        (phone !== null && c.phone === phone) ||
        (digits.length >= 3 && c.phone.includes(digits)),
    )
    .sort((a, b) => a.name.localeCompare(b.name, 'id'))
    .slice(0, limit);
}
