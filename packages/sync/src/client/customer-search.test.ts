import type { Customer } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { searchCustomers } from './customer-search.ts';

const c = (id: string, name: string, phone: string, receivedAt: string): Customer => ({
  id,
  name,
  phone,
  email: null,
  note: null,
  branchId: 'b',
  createdAt: '2026-01-01T00:00:00.000Z',
  receivedAt,
});

describe('searchCustomers', () => {
  const all = [
    c('local', 'Siti (baru)', '+6281300000002', ''),
    c('kept', 'Siti', '+6281300000002', '2026-01-01T00:00:01.000Z'),
    c('budi', 'Budi Santoso', '+6281200000001', '2026-01-01T00:00:02.000Z'),
  ];

  it('finds by name, by a phone typed any way, and by part of the number', () => {
    expect(searchCustomers(all, 'budi').map((x) => x.id)).toEqual(['budi']);
    expect(searchCustomers(all, '0812-0000-0001').map((x) => x.id)).toEqual(['budi']);
    expect(searchCustomers(all, '00000001').map((x) => x.id)).toEqual(['budi']);
  });

  it('shows one customer per phone: the server kept the first it received', () => {
    expect(searchCustomers(all, 'siti').map((x) => x.id)).toEqual(['kept']);
    expect(searchCustomers([all[0]!], 'siti').map((x) => x.id)).toEqual(['local']);
  });
});
