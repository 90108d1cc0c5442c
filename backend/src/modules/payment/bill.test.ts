import { formatTradeBill, formatYuan, parseTradeBill, parseYuan } from './bill';

describe('yuan ↔ fen', () => {
  it('parses and formats without floating point', () => {
    expect(parseYuan('0.01')).toBe(1);
    expect(parseYuan('12.3')).toBe(1230);
    expect(parseYuan('100')).toBe(10000);
    expect(parseYuan('-5.05')).toBe(-505);
    expect(parseYuan('19999999.99')).toBe(1999999999);
    expect(() => parseYuan('1.234')).toThrow();
    expect(() => parseYuan('abc')).toThrow();
    for (const fen of [0, 1, 10, 99, 100, 12345, -7, 1999999999])
      expect(parseYuan(formatYuan(fen))).toBe(fen);
    expect(formatYuan(5)).toBe('0.05');
  });
});

describe('trade bill', () => {
  const time = new Date('2026-11-25T02:24:04Z');
  const common = { appid: 'wx1', mchid: '1900000109', openid: 'o1', description: '测试商品, 含逗号' };

  it('reads back what it writes, payments and refunds', () => {
    const text = formatTradeBill([
      { ...common, kind: 'payment', time, transactionId: '4200001', outTradeNo: 'P1', total: 12345 },
      {
        ...common,
        kind: 'refund',
        time,
        transactionId: '4200001',
        outTradeNo: 'P1',
        total: 12345,
        refundId: '5001',
        outRefundNo: 'R1',
        refundAmount: 345,
        refundStatus: 'PROCESSING',
      },
    ]);
    expect(text.split('\r\n')[1].startsWith('`2026-11-25 10:24:04,`wx1,')).toBe(true);
    expect(parseTradeBill(text)).toEqual([
      {
        kind: 'payment',
        tradeTime: '2026-11-25 10:24:04',
        transactionId: '4200001',
        outTradeNo: 'P1',
        tradeState: 'SUCCESS',
        amount: 12345,
      },
      {
        kind: 'refund',
        tradeTime: '2026-11-25 10:24:04',
        transactionId: '4200001',
        outTradeNo: 'P1',
        tradeState: 'REFUND',
        amount: 345,
        refundId: '5001',
        outRefundNo: 'R1',
        refundStatus: 'PROCESSING',
      },
    ]);
  });

  it('finds columns by name whatever their order, and checks the summary count', () => {
    const header =
      '商户订单号,交易状态,交易时间,微信订单号,订单金额,微信退款单号,商户退款单号,申请退款金额,退款状态';
    const line = '`P9,`SUCCESS,`2026-11-25 08:00:00,`42009,`0.10,`0,`0,`0.00,`';
    const ok = [header, line, '总交易单数,应结订单总金额', '`1,`0.10'].join('\n');
    expect(parseTradeBill(ok)).toEqual([
      {
        kind: 'payment',
        tradeTime: '2026-11-25 08:00:00',
        transactionId: '42009',
        outTradeNo: 'P9',
        tradeState: 'SUCCESS',
        amount: 10,
      },
    ]);
    expect(() => parseTradeBill([header, line, '总交易单数,应结订单总金额', '`2,`0.10'].join('\n'))).toThrow(
      /summary/,
    );
    expect(() => parseTradeBill('交易时间,商户订单号\n`x,`y')).toThrow(/column/);
    expect(parseTradeBill('')).toEqual([]);
  });
});
