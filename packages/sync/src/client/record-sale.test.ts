import { PaymentInput, SaleInput, SaleLineInput } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { WARM_UP_SALE, warmUpSaleValidation } from './record-sale.ts';

describe('warmUpSaleValidation', () => {
  it('validates a sale that passes the schema and has every field, so all of its checks are set up', () => {
    expect(warmUpSaleValidation()).toBe(true);
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(WARM_UP_SALE)).toEqual(keys(SaleInput.shape));
    expect(keys(WARM_UP_SALE.lines[0]!)).toEqual(keys(SaleLineInput.shape));
    expect(keys(WARM_UP_SALE.payments[0]!)).toEqual(keys(PaymentInput.shape));
  });
});
