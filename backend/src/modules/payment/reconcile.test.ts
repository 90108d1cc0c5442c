import type { BillRow } from './bill';
import { compareBill, type LocalPayment, type LocalRefund } from './reconcile';

const pay = (outTradeNo: string, amount: number, tradeState = 'SUCCESS'): BillRow => ({
  kind: 'payment',
  tradeTime: '2026-11-25 10:00:00',
  transactionId: `T${outTradeNo}`,
  outTradeNo,
  tradeState,
  amount,
});
const refund = (outRefundNo: string, amount: number, refundStatus: string): BillRow => ({
  kind: 'refund',
  tradeTime: '2026-11-25 11:00:00',
  transactionId: 'T',
  outTradeNo: 'P1',
  tradeState: 'REFUND',
  amount,
  outRefundNo,
  refundId: `W${outRefundNo}`,
  refundStatus,
});
const local = (outTradeNo: string, amount: number, status = 'paid', inDay = true): LocalPayment => ({
  outTradeNo,
  amount,
  status,
  inDay,
});
const lr = (
  outRefundNo: string,
  amount: number,
  status: LocalRefund['status'],
  inDay = true,
): LocalRefund => ({
  outRefundNo,
  outTradeNo: 'P1',
  amount,
  status,
  inDay,
});

describe('compareBill', () => {
  it('finds nothing when both sides agree (a later refund changes nothing)', () => {
    expect(
      compareBill(
        [pay('P1', 100), pay('P2', 200), refund('R1', 50, 'PROCESSING')],
        [local('P1', 100, 'refunded_partially'), local('P2', 200)],
        [lr('R1', 50, 'succeeded')],
      ),
    ).toEqual([]);
  });

  it('lists every kind of difference', () => {
    const diffs = compareBill(
      [
        pay('P1', 100),
        pay('P2', 250),
        pay('P3', 300),
        pay('PX', 10),
        refund('R1', 50, 'SUCCESS'),
        refund('RX', 5, 'SUCCESS'),
      ],
      [local('P1', 100), local('P2', 200), local('P3', 300, 'closed'), local('P4', 400)],
      [lr('R1', 50, 'pending'), lr('R2', 70, 'succeeded')],
    );
    const brief = diffs.map((d) => `${d.kind} ${d.subject} ${d.outRefundNo ?? d.outTradeNo}`);
    expect(brief.sort()).toEqual(
      [
        'amount_mismatch payment P2',
        'status_mismatch payment P3',
        'missing_local payment PX',
        'status_mismatch refund R1',
        'missing_local refund RX',
        'missing_provider payment P4',
        'missing_provider refund R2',
      ].sort(),
    );
    expect(diffs.find((d) => d.outTradeNo === 'P2')).toMatchObject({ localAmount: 200, providerAmount: 250 });
  });

  it('flags a billed payment recorded on another day, and ignores local payments of other days', () => {
    const diffs = compareBill(
      [pay('P1', 100)],
      [local('P1', 100, 'paid', false), local('P5', 5, 'paid', false)],
      [],
    );
    expect(diffs).toHaveLength(1);
    expect(diffs[0]).toMatchObject({
      kind: 'status_mismatch',
      outTradeNo: 'P1',
      note: 'paid on another day here',
    });
  });
});
