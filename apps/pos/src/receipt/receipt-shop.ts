import type { BranchPaymentSettings } from '../settings/branch-payment-settings.ts';
import type { ReceiptContext } from './receipt-model.ts';

/** The part of a receipt's context that says whose receipt it is: the same for a sale and a refund. */
export type ReceiptShop = Pick<
  ReceiptContext,
  'shopName' | 'address' | 'header' | 'footer' | 'npwp' | 'pkp' | 'timeZone' | 'language'
>;

/**
 * The shop on this till's receipts: the branch's name, address and texts as the back office set
 * them, this till's own header and footer where the branch has none, and the branch's receipt
 * language, so every receipt a till prints (sale, reprint, refund, void) starts the same way.
 */
export function receiptShopOf(
  branch: BranchPaymentSettings,
  till: { readonly receiptHeader: string; readonly receiptFooter: string },
  branchName: string,
): ReceiptShop {
  return {
    shopName: branch.shopName ?? branchName,
    address: branch.address ?? '',
    header: branch.receiptHeader ?? till.receiptHeader,
    footer: branch.receiptFooter ?? till.receiptFooter,
    npwp: branch.npwp,
    pkp: branch.pkp,
    timeZone: branch.timeZone,
    language: branch.receiptLanguage,
  };
}
