import type { StaffAction } from '@kasir/protocol';
import { saleGates, type GatedLine } from './sale-gates.ts';
import type { StaffApproval, StaffContextValue } from './staff-context.tsx';

export interface SaleApproval {
  readonly approval: StaffApproval;
  /** Records the audit events of the gated actions once the sale is committed. */
  recorded(invoiceNumber: string, total: number): void;
}

/**
 * Asks for every right the cart needs (sale-gates.ts) before the sale is recorded; null when an
 * approval was refused or cancelled (the sale is not made). One approver may cover several gates:
 * the last one given is the sale's `approvedBy`.
 */
export async function approveSale(
  staff: Pick<StaffContextValue, 'requirePermission' | 'audit' | 'current'>,
  cart: { readonly lines: readonly GatedLine[]; readonly discount: number },
  catalogPrice: (productId: string) => number | undefined,
  discountApprovalPercent?: number,
): Promise<SaleApproval | null> {
  const gates: StaffAction[] = saleGates(cart, catalogPrice, discountApprovalPercent);
  let approvedBy: string | undefined;
  const approvals: { action: StaffAction; approvedBy: string | undefined }[] = [];
  for (const action of gates) {
    const a = await staff.requirePermission(action);
    if (a === null) return null;
    approvals.push({ action, approvedBy: a.approvedBy });
    approvedBy = a.approvedBy ?? approvedBy;
  }
  const discount = cart.discount + cart.lines.reduce((s, l) => s + l.discount, 0);
  return {
    approval: {
      staffId: staff.current?.id ?? null,
      ...(approvedBy === undefined ? {} : { approvedBy }),
    },
    recorded(invoiceNumber, total) {
      for (const a of approvals) {
        staff.audit(a.action === 'price_override' ? 'price_override' : 'discount_above_threshold', {
          approvedBy: a.approvedBy,
          entityId: invoiceNumber,
          details: { discount, total },
        });
      }
    },
  };
}
