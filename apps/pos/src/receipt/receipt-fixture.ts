import type { LocalSale } from '@kasir/sync';
import type { ReceiptContext } from './receipt-model.ts';

/**
 * A sale as Indonesian shops ring it up, for the receipt's tests and its warm-up
 * (receipt-warm-up.tsx): general goods, a luxury item, an exempt staple, line and cart discounts,
 * a card and a cash payment with cash rounding.
 */
export const fixtureSale: LocalSale = {
  id: '01900000-0000-7000-8000-00000000000a',
  invoiceNumber: 'MKS-02-20261202-0042',
  createdAt: '2026-12-02T06:05:00.000Z',
  total: 0,
  itemCount: 5,
  input: {
    id: '01900000-0000-7000-8000-00000000000a',
    invoiceNumber: 'MKS-02-20261202-0042',
    createdAt: '2026-12-02T06:05:00.000Z',
    lines: [
      { productId: 'kopi', quantity: 2, unitPrice: 18_500, discount: 2_000, taxRate: 11 },
      { productId: 'beras', quantity: 1, unitPrice: 74_900, taxRate: 11 },
      { productId: 'telur', quantity: 1, unitPrice: 28_750, taxRate: 0 },
      { productId: 'parfum', quantity: 1, unitPrice: 249_000, taxRate: 12 },
    ],
    payments: [
      {
        method: 'card',
        amount: 300_000,
        reference: 'EDC BCA 0912',
        approvalCode: 'A1B2C3',
        cardLast4: '4242',
      },
      { method: 'cash', amount: 100_000 },
    ],
    discount: 5_000,
    rounding: -50,
    cashierName: 'Siti Nurhaliza',
  },
  sync: { kind: 'pending' },
};

const names: Readonly<Record<string, string>> = {
  kopi: 'Kopi Susu Gula Aren',
  beras: 'Beras Pandan Wangi Premium 5 kg',
  telur: 'Telur Ayam Negeri 1 kg',
  parfum: 'Parfum Impor Eau de Toilette',
};

export const fixtureContext: ReceiptContext = {
  shopName: 'Toko Sembako Makmur Jaya',
  address: 'Jl. Sultan Hasanuddin No. 12\nMakassar',
  header: 'Telp. 0411-123456',
  footer: 'Terima kasih, sampai jumpa lagi!\nBarang yang sudah dibeli tidak dapat ditukar',
  npwp: '01.234.567.8-901.000',
  pkp: true,
  timeZone: 'Asia/Makassar',
  language: 'id',
  cashier: 'Kasir 2',
  nameOf: (id) => names[id],
  copy: false,
};
