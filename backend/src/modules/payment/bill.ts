import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezonePlugin from 'dayjs/plugin/timezone';
import { WECHATPAY_TZ } from './v3-crypto';

dayjs.extend(utc);
dayjs.extend(timezonePlugin);

/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL): a detail header line, detail lines whose every field is
 * prefixed with a backtick, then a summary header (总交易单数,…) and one summary line. Amounts are yuan with
 * two decimals. Columns are looked up by name (WeChat says their order may change). A payment appears on the
 * day it succeeded, a refund on the day WeChat accepted it, with its status as of that moment.
 */

export interface BillRow {
  kind: 'payment' | 'refund';
  /** Beijing wall-clock time as printed, e.g. 2026-11-25 10:24:04 */
  tradeTime: string;
  transactionId: string;
  outTradeNo: string;
  /** 交易状态: SUCCESS (payment), REFUND (refund line), REVOKED */
  tradeState: string;
  /** fen: the order amount on payment lines, the requested refund amount on refund lines */
  amount: number;
  refundId?: string;
  outRefundNo?: string;
  /** 退款状态: SUCCESS, PROCESSING, ABNORMAL, CLOSED */
  refundStatus?: string;
}

export const BILL_HEADER = [
  '交易时间',
  '公众账号ID',
  '商户号',
  '特约商户号',
  '设备号',
  '微信订单号',
  '商户订单号',
  '用户标识',
  '交易类型',
  '交易状态',
  '付款银行',
  '货币种类',
  '应结订单金额',
  '代金券金额',
  '微信退款单号',
  '商户退款单号',
  '退款金额',
  '充值券退款金额',
  '退款类型',
  '退款状态',
  '商品名称',
  '商户数据包',
  '手续费',
  '费率',
  '订单金额',
  '申请退款金额',
  '费率备注',
] as const;
const SUMMARY_HEADER = [
  '总交易单数',
  '应结订单总金额',
  '退款总金额',
  '充值券退款总金额',
  '手续费总金额',
  '订单总金额',
  '申请退款总金额',
];

/** '12.30' → 1230; integers only, no floating point. */
export function parseYuan(text: string): number {
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new Error(`not an amount in yuan: '${text}'`);
  const fen = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -fen : fen;
}

export function formatYuan(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const detailFields = (line: string) => (line.startsWith('`') ? line.slice(1).split(',`') : line.split(','));

export function parseTradeBill(text: string): BillRow[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const header = lines[0].split(',').map((h) => h.trim());
  const col = (name: string) => header.indexOf(name);
  const need = (name: string) => {
    const i = col(name);
    if (i < 0) throw new Error(`trade bill has no column ${name}`);
    return i;
  };
  const idx = {
    time: need('交易时间'),
    transactionId: need('微信订单号'),
    outTradeNo: need('商户订单号'),
    state: need('交易状态'),
    orderAmount: col('订单金额') >= 0 ? col('订单金额') : need('应结订单金额'),
    refundId: need('微信退款单号'),
    outRefundNo: need('商户退款单号'),
    refundAmount: col('申请退款金额') >= 0 ? col('申请退款金额') : need('退款金额'),
    refundStatus: need('退款状态'),
  };
  const rows: BillRow[] = [];
  let i = 1;
  for (; i < lines.length && !lines[i].startsWith(SUMMARY_HEADER[0]); i++) {
    const f = detailFields(lines[i]);
    if (f.length < header.length) throw new Error(`trade bill line ${i + 1} has ${f.length} fields`);
    const state = f[idx.state];
    const refund = state === 'REFUND';
    rows.push({
      kind: refund ? 'refund' : 'payment',
      tradeTime: f[idx.time],
      transactionId: f[idx.transactionId],
      outTradeNo: f[idx.outTradeNo],
      tradeState: state,
      amount: parseYuan(refund ? f[idx.refundAmount] : f[idx.orderAmount]),
      ...(refund
        ? { refundId: f[idx.refundId], outRefundNo: f[idx.outRefundNo], refundStatus: f[idx.refundStatus] }
        : {}),
    });
  }
  const summary = lines[i + 1];
  if (summary !== undefined) {
    const count = Number(detailFields(summary)[0]);
    if (count !== rows.length)
      throw new Error(`trade bill lists ${rows.length} lines, its summary says ${count}`);
  }
  return rows;
}

export interface BillSourceRow {
  kind: 'payment' | 'refund';
  time: Date;
  appid: string;
  mchid: string;
  transactionId: string;
  outTradeNo: string;
  openid: string;
  /** the payment's amount (on a refund line: the refunded payment's total) */
  total: number;
  description: string;
  refundId?: string;
  outRefundNo?: string;
  refundAmount?: number;
  refundStatus?: string;
}

/** Writes a bill in WeChat Pay's format (the sandbox's `tradeBill`, and tests). */
export function formatTradeBill(rows: BillSourceRow[]): string {
  const lines = [BILL_HEADER.join(',')];
  let settled = 0;
  let refunded = 0;
  for (const r of rows) {
    const refund = r.kind === 'refund';
    if (refund) refunded += r.refundAmount ?? 0;
    else settled += r.total;
    const values: Record<(typeof BILL_HEADER)[number], string> = {
      交易时间: dayjs(r.time).tz(WECHATPAY_TZ).format('YYYY-MM-DD HH:mm:ss'),
      公众账号ID: r.appid,
      商户号: r.mchid,
      特约商户号: '0',
      设备号: '',
      微信订单号: r.transactionId,
      商户订单号: r.outTradeNo,
      用户标识: r.openid,
      交易类型: 'JSAPI',
      交易状态: refund ? 'REFUND' : 'SUCCESS',
      付款银行: 'OTHERS',
      货币种类: 'CNY',
      应结订单金额: formatYuan(refund ? 0 : r.total),
      代金券金额: '0.00',
      微信退款单号: refund ? r.refundId! : '0',
      商户退款单号: refund ? r.outRefundNo! : '0',
      退款金额: formatYuan(refund ? r.refundAmount! : 0),
      充值券退款金额: '0.00',
      退款类型: refund ? 'ORIGINAL' : '',
      退款状态: refund ? r.refundStatus! : '',
      商品名称: r.description.replace(/[,\r\n`]/g, ' '),
      商户数据包: '',
      手续费: '0.00000',
      费率: '0.60%',
      订单金额: formatYuan(refund ? 0 : r.total),
      申请退款金额: formatYuan(refund ? r.refundAmount! : 0),
      费率备注: '',
    };
    lines.push(BILL_HEADER.map((h) => `\`${values[h]}`).join(','));
  }
  lines.push(SUMMARY_HEADER.join(','));
  lines.push(
    [
      rows.length,
      formatYuan(settled),
      formatYuan(refunded),
      '0.00',
      '0.00000',
      formatYuan(settled),
      formatYuan(refunded),
    ]
      .map((v) => `\`${v}`)
      .join(','),
  );
  return `${lines.join('\r\n')}\r\n`;
}
