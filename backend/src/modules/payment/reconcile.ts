import type { BillRow } from './bill';

/** Pure comparison of one day's trade bill with our payments and refunds. */

export type DifferenceKind = 'missing_local' | 'missing_provider' | 'amount_mismatch' | 'status_mismatch';

export interface Difference {
  kind: DifferenceKind;
  subject: 'payment' | 'refund';
  outTradeNo: string | null;
  outRefundNo: string | null;
  localAmount: number | null;
  providerAmount: number | null;
  localStatus: string | null;
  providerStatus: string | null;
  note: string | null;
}

export interface LocalPayment {
  outTradeNo: string;
  amount: number;
  status: string;
  /** paid within the bill's day (Beijing time) */
  inDay: boolean;
}

export interface LocalRefund {
  outRefundNo: string;
  outTradeNo: string;
  amount: number;
  status: 'pending' | 'succeeded' | 'failed';
  /** accepted by the provider within the bill's day */
  inDay: boolean;
}

const PAID = new Set(['paid', 'refunded_partially', 'refunded']);

/** refund states that agree with the bill's snapshot (the bill is not updated after it is written) */
const REFUND_AGREES: Record<LocalRefund['status'], string[]> = {
  pending: ['PROCESSING'],
  succeeded: ['SUCCESS', 'PROCESSING'],
  failed: ['ABNORMAL', 'CLOSED', 'PROCESSING'],
};

function diff(d: Partial<Difference> & Pick<Difference, 'kind' | 'subject'>): Difference {
  return {
    outTradeNo: null,
    outRefundNo: null,
    localAmount: null,
    providerAmount: null,
    localStatus: null,
    providerStatus: null,
    note: null,
    ...d,
  };
}

/**
 * `payments` holds the payments paid that day plus any payment a bill line names; `refunds` likewise.
 * Every disagreement is one difference; an empty list means the day balances.
 */
export function compareBill(bill: BillRow[], payments: LocalPayment[], refunds: LocalRefund[]): Difference[] {
  const out: Difference[] = [];
  const paymentByNo = new Map(payments.map((p) => [p.outTradeNo, p]));
  const refundByNo = new Map(refunds.map((r) => [r.outRefundNo, r]));
  const billedTrades = new Set<string>();
  const billedRefunds = new Set<string>();

  for (const row of bill) {
    if (row.kind === 'payment') {
      billedTrades.add(row.outTradeNo);
      const local = paymentByNo.get(row.outTradeNo);
      const base = {
        subject: 'payment' as const,
        outTradeNo: row.outTradeNo,
        providerAmount: row.amount,
        providerStatus: row.tradeState,
      };
      if (!local) {
        out.push(
          diff({ ...base, kind: 'missing_local', note: `transaction ${row.transactionId} unknown here` }),
        );
      } else if (local.amount !== row.amount) {
        out.push(
          diff({ ...base, kind: 'amount_mismatch', localAmount: local.amount, localStatus: local.status }),
        );
      } else if (row.tradeState !== 'SUCCESS' || !PAID.has(local.status)) {
        out.push(
          diff({ ...base, kind: 'status_mismatch', localAmount: local.amount, localStatus: local.status }),
        );
      } else if (!local.inDay) {
        out.push(
          diff({
            ...base,
            kind: 'status_mismatch',
            localAmount: local.amount,
            localStatus: local.status,
            note: 'paid on another day here',
          }),
        );
      }
    } else {
      const outRefundNo = row.outRefundNo ?? '';
      billedRefunds.add(outRefundNo);
      const local = refundByNo.get(outRefundNo);
      const base = {
        subject: 'refund' as const,
        outTradeNo: row.outTradeNo,
        outRefundNo,
        providerAmount: row.amount,
        providerStatus: row.refundStatus ?? null,
      };
      if (!local) {
        out.push(diff({ ...base, kind: 'missing_local', note: `refund ${row.refundId ?? ''} unknown here` }));
      } else if (local.amount !== row.amount) {
        out.push(
          diff({ ...base, kind: 'amount_mismatch', localAmount: local.amount, localStatus: local.status }),
        );
      } else if (!REFUND_AGREES[local.status].includes(row.refundStatus ?? '')) {
        out.push(
          diff({ ...base, kind: 'status_mismatch', localAmount: local.amount, localStatus: local.status }),
        );
      }
    }
  }
  for (const p of payments) {
    if (p.inDay && PAID.has(p.status) && !billedTrades.has(p.outTradeNo)) {
      out.push(
        diff({
          kind: 'missing_provider',
          subject: 'payment',
          outTradeNo: p.outTradeNo,
          localAmount: p.amount,
          localStatus: p.status,
        }),
      );
    }
  }
  for (const r of refunds) {
    if (r.inDay && !billedRefunds.has(r.outRefundNo)) {
      out.push(
        diff({
          kind: 'missing_provider',
          subject: 'refund',
          outTradeNo: r.outTradeNo,
          outRefundNo: r.outRefundNo,
          localAmount: r.amount,
          localStatus: r.status,
        }),
      );
    }
  }
  return out;
}
