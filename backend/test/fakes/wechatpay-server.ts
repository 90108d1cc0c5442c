import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * A fake WeChat Pay APIv3 server on 127.0.0.1, written from the published API (JSAPI order, query, close,
 * refund, refund query, trade bill + bill download, transfer bills 商家转账: create, query, cancel, and the
 * MCHTRANSFER.BILL.FINISHED notification) and independent of the code under test: its crypto is
 * its own few lines of node:crypto.
 *
 * It checks every request like WeChat Pay: the `Authorization: WECHATPAY2-SHA256-RSA2048 mchid=…,
 * nonce_str=…,timestamp=…,serial_no=…,signature=…` header must carry this merchant's id and certificate
 * serial and a valid RSA-SHA256 signature (merchant public key) over `METHOD\nPATH?QUERY\nTIMESTAMP\nNONCE\nBODY\n`;
 * otherwise 401 SIGN_ERROR. Its answers are signed with its platform key (Wechatpay-* headers) except the
 * bill file, and notifications are built the way WeChat Pay builds them.
 */

export interface FakeTrade {
  outTradeNo: string;
  transactionId?: string;
  prepayId: string;
  amount: number;
  openid: string;
  description: string;
  notifyUrl: string;
  timeExpire: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  successTime?: Date;
  profitSharing: boolean;
}

export interface FakeRefund {
  outRefundNo: string;
  refundId: string;
  outTradeNo: string;
  transactionId: string;
  amount: number;
  total: number;
  reason: string;
  status: 'PROCESSING' | 'SUCCESS' | 'ABNORMAL' | 'CLOSED';
  createTime: Date;
  successTime?: Date;
}

/** A transfer bill (商家转账, /v3/fund-app/mch-transfer/transfer-bills) as WeChat Pay keeps it. */
export interface FakeTransferBill {
  outBillNo: string;
  transferBillNo: string;
  appid: string;
  openid: string;
  amount: number;
  remark: string;
  sceneId: string;
  notifyUrl: string | undefined;
  reportInfos: { info_type: string; info_content: string }[];
  recvPerception: string | undefined;
  state: 'ACCEPTED' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';
  packageInfo: string;
  failReason?: string;
  createTime: Date;
  updateTime: Date;
}

export interface FakeCall {
  method: string;
  path: string;
  body: string;
  signedOk: boolean;
}

export interface Notification {
  headers: Record<string, string>;
  body: string;
}

export interface FakeWechatPay {
  url: string;
  appid: string;
  mchid: string;
  apiV3Key: string;
  merchantSerial: string;
  platformSerial: string;
  merchantPublicKey: crypto.KeyObject;
  trades: Map<string, FakeTrade>;
  refunds: Map<string, FakeRefund>;
  transfers: Map<string, FakeTransferBill>;
  calls: FakeCall[];
  /** writes the merchant private key and the platform public key, for WECHATPAY_*_PATH */
  writeKeys(dir: string): { privateKeyPath: string; platformPublicKeyPath: string };
  /** the shopper pays: NOTPAY → SUCCESS; the TRANSACTION.SUCCESS notification WeChat Pay would post */
  pay(outTradeNo: string): Notification;
  /** the refund ends with `status`; the REFUND.* notification WeChat Pay would post */
  finishRefund(outRefundNo: string, status: 'SUCCESS' | 'ABNORMAL' | 'CLOSED'): Notification;
  /**
   * the transfer bill ends with `state` (SUCCESS: the shopper confirmed; FAIL; CANCELLED); the
   * MCHTRANSFER.BILL.FINISHED notification WeChat Pay would post (`id` may repeat an earlier notification's)
   */
  finishTransfer(
    outBillNo: string,
    state: 'SUCCESS' | 'FAIL' | 'CANCELLED',
    opts?: { failReason?: string; id?: string },
  ): Notification;
  /** the next request whose path starts with `pathPrefix` is answered with this error */
  failNext(pathPrefix: string, status: number, code: string, message?: string): void;
  /** the next signed answer is altered after signing */
  tamperNextAnswer(): void;
  close(): Promise<void>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const nonceOf = (n: number) => Array.from(crypto.randomBytes(n), (b) => ALNUM[b % ALNUM.length]).join('');
const digitsOf = (n: number) => Array.from(crypto.randomBytes(n), (b) => String(b % 10)).join('');
const beijing = (d: Date) => new Date(d.getTime() + 8 * 3600_000);
/** RFC 3339 in Beijing time, as WeChat Pay writes times */
const rfc3339 = (d: Date) => `${beijing(d).toISOString().slice(0, 19)}+08:00`;
const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

const BILL_COLUMNS =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,' +
  '应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,' +
  '费率,订单金额,申请退款金额,费率备注';

export async function startFakeWechatPay(
  opts: { appid?: string; mchid?: string } = {},
): Promise<FakeWechatPay> {
  const appid = opts.appid ?? 'wx-fake-pay-appid';
  const mchid = opts.mchid ?? '1900000109';
  const apiV3Key = nonceOf(32);
  const merchant = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const platform = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const merchantSerial = crypto.randomBytes(20).toString('hex').toUpperCase();
  const platformSerial = `PUB_KEY_ID_${digitsOf(32)}`;
  const trades = new Map<string, FakeTrade>();
  const refunds = new Map<string, FakeRefund>();
  const transfers = new Map<string, FakeTransferBill>();
  const bills = new Map<string, string>();
  const calls: FakeCall[] = [];
  const failures: { prefix: string; status: number; code: string; message: string }[] = [];
  let tamper = false;

  const sign = (message: string) =>
    crypto.createSign('RSA-SHA256').update(message).sign(platform.privateKey, 'base64');
  const signedHeaders = (body: string) => {
    const ts = String(Math.floor(Date.now() / 1000));
    const nonce = nonceOf(32);
    return {
      'Wechatpay-Timestamp': ts,
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': sign(`${ts}\n${nonce}\n${body}\n`),
      'Wechatpay-Serial': platformSerial,
    };
  };

  function encrypt(plaintext: string, associatedData: string) {
    const nonce = nonceOf(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
    cipher.setAAD(Buffer.from(associatedData));
    const out = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return {
      algorithm: 'AEAD_AES_256_GCM',
      ciphertext: out.toString('base64'),
      associated_data: associatedData,
      nonce,
    };
  }

  function notification(
    eventType: string,
    summary: string,
    originalType: string,
    resource: object,
    id: string = crypto.randomUUID(),
  ): Notification {
    const body = JSON.stringify({
      id,
      create_time: rfc3339(new Date()),
      resource_type: 'encrypt-resource',
      event_type: eventType,
      summary,
      resource: { original_type: originalType, ...encrypt(JSON.stringify(resource), originalType) },
    });
    return { headers: signedHeaders(body), body };
  }

  const tradeJson = (t: FakeTrade) => ({
    appid,
    mchid,
    out_trade_no: t.outTradeNo,
    ...(t.transactionId ? { transaction_id: t.transactionId } : {}),
    trade_type: 'JSAPI',
    trade_state: t.state,
    trade_state_desc: t.state,
    ...(t.successTime ? { success_time: rfc3339(t.successTime), bank_type: 'OTHERS' } : {}),
    attach: '',
    payer: { openid: t.openid },
    amount: {
      total: t.amount,
      payer_total: t.state === 'NOTPAY' ? 0 : t.amount,
      currency: 'CNY',
      payer_currency: 'CNY',
    },
  });
  const refundJson = (r: FakeRefund) => ({
    refund_id: r.refundId,
    out_refund_no: r.outRefundNo,
    transaction_id: r.transactionId,
    out_trade_no: r.outTradeNo,
    channel: 'ORIGINAL',
    user_received_account: '支付用户零钱',
    ...(r.successTime ? { success_time: rfc3339(r.successTime) } : {}),
    create_time: rfc3339(r.createTime),
    status: r.status,
    funds_account: 'AVAILABLE',
    amount: {
      total: r.total,
      refund: r.amount,
      payer_total: r.total,
      payer_refund: r.amount,
      currency: 'CNY',
    },
  });

  const transferJson = (b: FakeTransferBill) => ({
    mch_id: mchid,
    out_bill_no: b.outBillNo,
    transfer_bill_no: b.transferBillNo,
    appid: b.appid,
    state: b.state,
    transfer_amount: b.amount,
    transfer_remark: b.remark,
    ...(b.failReason ? { fail_reason: b.failReason } : {}),
    openid: b.openid,
    create_time: rfc3339(b.createTime),
    update_time: rfc3339(b.updateTime),
  });

  function authorized(req: http.IncomingMessage, url: string, body: string): boolean {
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const f = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (f.mchid !== mchid || f.serial_no !== merchantSerial) return false;
    if (Math.abs(Number(f.timestamp) - Date.now() / 1000) > 300) return false;
    const message = `${req.method}\n${url}\n${f.timestamp}\n${f.nonce_str}\n${body}\n`;
    try {
      return crypto
        .createVerify('RSA-SHA256')
        .update(message)
        .verify(merchant.publicKey, f.signature, 'base64');
    } catch {
      return false;
    }
  }

  function billFor(date: string): string | undefined {
    const from = new Date(`${date}T00:00:00+08:00`).getTime();
    const inDay = (d?: Date) => !!d && d.getTime() >= from && d.getTime() < from + 86_400_000;
    const lines: string[] = [];
    let total = 0;
    let refunded = 0;
    const row = (v: string[]) => lines.push(v.map((x) => `\`${x}`).join(','));
    const time = (d: Date) => beijing(d).toISOString().slice(0, 19).replace('T', ' ');
    for (const t of trades.values()) {
      if (!inDay(t.successTime)) continue;
      total += t.amount;
      // prettier-ignore
      row([time(t.successTime!), appid, mchid, '0', '', t.transactionId!, t.outTradeNo, t.openid, 'JSAPI', 'SUCCESS', 'OTHERS', 'CNY',
        yuan(t.amount), '0.00', '0', '0', '0.00', '0.00', '', '', t.description, '', '0.00000', '0.60%', yuan(t.amount), '0.00', '']);
    }
    for (const r of refunds.values()) {
      if (!inDay(r.createTime)) continue;
      refunded += r.amount;
      const t = trades.get(r.outTradeNo)!;
      // prettier-ignore
      row([time(r.createTime), appid, mchid, '0', '', r.transactionId, r.outTradeNo, t.openid, 'JSAPI', 'REFUND', 'OTHERS', 'CNY',
        '0.00', '0.00', r.refundId, r.outRefundNo, yuan(r.amount), '0.00', 'ORIGINAL', r.status, t.description, '', '0.00000', '0.60%',
        '0.00', yuan(r.amount), '']);
    }
    if (!lines.length) return undefined;
    return [
      BILL_COLUMNS,
      ...lines,
      '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额',
      [lines.length, yuan(total), yuan(refunded), '0.00', '0.00000', yuan(total), yuan(refunded)]
        .map((x) => `\`${x}`)
        .join(','),
      '',
    ].join('\r\n');
  }

  type Answer = { status: number; json?: unknown; text?: string; signed?: boolean };
  const error = (status: number, code: string, message: string): Answer => ({
    status,
    json: { code, message },
  });

  function route(method: string, url: URL, body: string): Answer {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    const input = body ? JSON.parse(body) : {};
    if (method === 'POST' && p === '/v3/pay/transactions/jsapi') {
      const ok =
        input.appid === appid &&
        input.mchid === mchid &&
        typeof input.description === 'string' &&
        input.description.length > 0 &&
        /^[A-Za-z0-9_\-|*]{6,32}$/.test(input.out_trade_no ?? '') &&
        /^https:\/\//.test(input.notify_url ?? '') &&
        Number.isInteger(input.amount?.total) &&
        input.amount.total > 0 &&
        typeof input.payer?.openid === 'string' &&
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(input.time_expire ?? '');
      if (!ok) return error(400, 'PARAM_ERROR', '参数错误');
      const existing = trades.get(input.out_trade_no);
      if (existing) {
        if (existing.state === 'SUCCESS' || existing.state === 'REFUND')
          return error(400, 'ORDERPAID', '该订单已支付');
        if (existing.amount !== input.amount.total || existing.openid !== input.payer.openid) {
          return error(400, 'INVALID_REQUEST', '201 商户订单号重复');
        }
        return { status: 200, json: { prepay_id: existing.prepayId } };
      }
      const t: FakeTrade = {
        outTradeNo: input.out_trade_no,
        prepayId: `wx${digitsOf(20)}`,
        amount: input.amount.total,
        openid: input.payer.openid,
        description: input.description,
        notifyUrl: input.notify_url,
        timeExpire: input.time_expire,
        state: 'NOTPAY',
        profitSharing: input.settle_info?.profit_sharing === true,
      };
      trades.set(t.outTradeNo, t);
      return { status: 200, json: { prepay_id: t.prepayId } };
    }
    if (method === 'GET' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(p))) {
      if (url.searchParams.get('mchid') !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
      const t = trades.get(decodeURIComponent(m[1]));
      return t ? { status: 200, json: tradeJson(t) } : error(404, 'ORDER_NOT_EXIST', '订单不存在');
    }
    if (method === 'POST' && (m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(p))) {
      if (input.mchid !== mchid) return error(400, 'PARAM_ERROR', 'mchid');
      const t = trades.get(decodeURIComponent(m[1]));
      if (!t) return error(404, 'ORDER_NOT_EXIST', '订单不存在');
      if (t.state === 'SUCCESS' || t.state === 'REFUND') return error(400, 'ORDERPAID', '订单已支付');
      t.state = 'CLOSED';
      return { status: 204 };
    }
    if (method === 'POST' && p === '/v3/refund/domestic/refunds') {
      const t = trades.get(input.out_trade_no ?? '');
      if (!t || (t.state !== 'SUCCESS' && t.state !== 'REFUND'))
        return error(400, 'INVALID_REQUEST', '订单未支付');
      const existing = refunds.get(input.out_refund_no);
      if (existing) return { status: 200, json: refundJson(existing) };
      if (
        input.amount?.total !== t.amount ||
        !Number.isInteger(input.amount?.refund) ||
        input.amount.refund <= 0
      ) {
        return error(400, 'PARAM_ERROR', '金额参数错误');
      }
      const already = [...refunds.values()]
        .filter((r) => r.outTradeNo === t.outTradeNo && r.status !== 'CLOSED')
        .reduce((s, r) => s + r.amount, 0);
      if (already + input.amount.refund > t.amount)
        return error(400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
      const r: FakeRefund = {
        outRefundNo: input.out_refund_no,
        refundId: `50${digitsOf(27)}`,
        outTradeNo: t.outTradeNo,
        transactionId: t.transactionId!,
        amount: input.amount.refund,
        total: t.amount,
        reason: input.reason ?? '',
        status: 'PROCESSING',
        createTime: new Date(),
      };
      refunds.set(r.outRefundNo, r);
      return { status: 200, json: refundJson(r) };
    }
    if (method === 'GET' && (m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(p))) {
      const r = refunds.get(decodeURIComponent(m[1]));
      return r ? { status: 200, json: refundJson(r) } : error(404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    if (method === 'POST' && p === '/v3/fund-app/mch-transfer/transfer-bills') {
      const infos = input.transfer_scene_report_infos;
      const ok =
        input.appid === appid &&
        /^[A-Za-z0-9]{5,32}$/.test(input.out_bill_no ?? '') &&
        /^\d+$/.test(input.transfer_scene_id ?? '') &&
        typeof input.openid === 'string' &&
        input.openid.length > 0 &&
        Number.isInteger(input.transfer_amount) &&
        input.transfer_amount > 0 &&
        typeof input.transfer_remark === 'string' &&
        input.transfer_remark.length > 0 &&
        [...input.transfer_remark].length <= 32 &&
        (input.notify_url === undefined || /^https:\/\//.test(input.notify_url)) &&
        Array.isArray(infos) &&
        infos.length > 0 &&
        infos.every(
          (i: { info_type?: unknown; info_content?: unknown }) =>
            typeof i.info_type === 'string' && typeof i.info_content === 'string',
        );
      if (!ok) return error(400, 'PARAM_ERROR', '参数错误');
      // ≥ ¥2,000 needs the payee's encrypted real name
      if (input.transfer_amount >= 200_000 && !input.user_name)
        return error(400, 'PARAM_ERROR', '需要收款用户姓名');
      const existing = transfers.get(input.out_bill_no);
      if (existing) {
        if (existing.amount !== input.transfer_amount || existing.openid !== input.openid) {
          return error(400, 'INVALID_REQUEST', '商户单号重复，请求参数与原单不一致');
        }
        const { state, transfer_bill_no, out_bill_no, create_time } = transferJson(existing);
        return {
          status: 200,
          json: {
            out_bill_no,
            transfer_bill_no,
            create_time,
            state,
            ...(state === 'WAIT_USER_CONFIRM' ? { package_info: existing.packageInfo } : {}),
          },
        };
      }
      const now = new Date();
      const b: FakeTransferBill = {
        outBillNo: input.out_bill_no,
        transferBillNo: `1330000${digitsOf(25)}`,
        appid: input.appid,
        openid: input.openid,
        amount: input.transfer_amount,
        remark: input.transfer_remark,
        sceneId: input.transfer_scene_id,
        notifyUrl: input.notify_url,
        reportInfos: infos,
        recvPerception: input.user_recv_perception,
        state: 'WAIT_USER_CONFIRM',
        packageInfo: `ABBQO+oYAAABAAAAAAAk${nonceOf(40)}`,
        createTime: now,
        updateTime: now,
      };
      transfers.set(b.outBillNo, b);
      return {
        status: 200,
        json: {
          out_bill_no: b.outBillNo,
          transfer_bill_no: b.transferBillNo,
          create_time: rfc3339(now),
          state: b.state,
          package_info: b.packageInfo,
        },
      };
    }
    if (
      method === 'GET' &&
      (m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)$/.exec(p))
    ) {
      const b = transfers.get(decodeURIComponent(m[1]));
      return b ? { status: 200, json: transferJson(b) } : error(404, 'NOT_FOUND', '记录不存在');
    }
    if (
      method === 'POST' &&
      (m = /^\/v3\/fund-app\/mch-transfer\/transfer-bills\/out-bill-no\/([^/]+)\/cancel$/.exec(p))
    ) {
      const b = transfers.get(decodeURIComponent(m[1]));
      if (!b) return error(404, 'NOT_FOUND', '记录不存在');
      if (b.state !== 'ACCEPTED' && b.state !== 'WAIT_USER_CONFIRM') {
        return error(400, 'INVALID_REQUEST', '当前状态不支持撤销');
      }
      // WeChat answers CANCELING and finishes the cancellation (CANCELLED) by itself shortly after
      b.state = 'CANCELLED';
      b.failReason = 'MERCHANT_REVOCATION';
      b.updateTime = new Date();
      return {
        status: 200,
        json: {
          out_bill_no: b.outBillNo,
          transfer_bill_no: b.transferBillNo,
          state: 'CANCELING',
          update_time: rfc3339(b.updateTime),
        },
      };
    }
    if (method === 'GET' && p === '/v3/bill/tradebill') {
      const date = url.searchParams.get('bill_date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || url.searchParams.get('bill_type') !== 'ALL') {
        return error(400, 'PARAM_ERROR', '参数错误');
      }
      const text = billFor(date);
      if (!text) return error(400, 'NO_STATEMENT_EXIST', '账单文件不存在');
      const token = nonceOf(24);
      bills.set(token, text);
      return {
        status: 200,
        json: {
          hash_type: 'SHA1',
          hash_value: crypto.createHash('sha1').update(text).digest('hex'),
          download_url: `https://api.mch.weixin.qq.com/v3/billdownload/file?token=${token}`,
        },
      };
    }
    if (method === 'GET' && p === '/v3/billdownload/file') {
      const text = bills.get(url.searchParams.get('token') ?? '');
      return text === undefined
        ? error(404, 'RESOURCE_NOT_EXISTS', '账单不存在')
        : { status: 200, text, signed: false };
    }
    return error(404, 'NOT_FOUND', 'no such API');
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://fake');
      const signedOk = authorized(req, `${url.pathname}${url.search}`, body);
      calls.push({ method: req.method ?? '', path: `${url.pathname}${url.search}`, body, signedOk });
      let answer: Answer;
      const failure = failures.findIndex((f) => url.pathname.startsWith(f.prefix));
      if (!signedOk) answer = error(401, 'SIGN_ERROR', '签名错误');
      else if (failure >= 0) {
        const f = failures.splice(failure, 1)[0];
        answer = error(f.status, f.code, f.message);
      } else {
        try {
          answer = route(req.method ?? '', url, body);
        } catch {
          answer = error(400, 'PARAM_ERROR', '请求体不是 JSON');
        }
      }
      const text = answer.text ?? (answer.json === undefined ? '' : JSON.stringify(answer.json));
      const headers: Record<string, string> = { 'Request-ID': crypto.randomUUID() };
      if (answer.json !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
      if (answer.text !== undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
      let sent = text;
      if (answer.signed !== false) {
        Object.assign(headers, signedHeaders(text));
        if (tamper && text) {
          tamper = false;
          sent = text.replace(/\d/, (d) => String((Number(d) + 1) % 10));
        }
      }
      res.writeHead(answer.status, headers);
      res.end(sent);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    appid,
    mchid,
    apiV3Key,
    merchantSerial,
    platformSerial,
    merchantPublicKey: merchant.publicKey,
    trades,
    refunds,
    transfers,
    calls,
    writeKeys(dir) {
      fs.mkdirSync(dir, { recursive: true });
      const privateKeyPath = path.join(dir, 'apiclient_key.pem');
      const platformPublicKeyPath = path.join(dir, 'pub_key.pem');
      fs.writeFileSync(privateKeyPath, merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      fs.writeFileSync(platformPublicKeyPath, platform.publicKey.export({ type: 'spki', format: 'pem' }));
      return { privateKeyPath, platformPublicKeyPath };
    },
    pay(outTradeNo) {
      const t = trades.get(outTradeNo);
      if (!t) throw new Error(`fake WeChat Pay: no trade ${outTradeNo}`);
      if (t.state === 'NOTPAY') {
        t.state = 'SUCCESS';
        t.transactionId = `4200${digitsOf(24)}`;
        t.successTime = new Date();
      }
      return notification('TRANSACTION.SUCCESS', '支付成功', 'transaction', tradeJson(t));
    },
    finishRefund(outRefundNo, status) {
      const r = refunds.get(outRefundNo);
      if (!r) throw new Error(`fake WeChat Pay: no refund ${outRefundNo}`);
      r.status = status;
      if (status === 'SUCCESS') {
        r.successTime = new Date();
        trades.get(r.outTradeNo)!.state = 'REFUND';
      }
      const { status: refundStatus, ...rest } = refundJson(r);
      return notification(`REFUND.${status}`, '退款结果', 'refund', {
        ...rest,
        mchid,
        refund_status: refundStatus,
      });
    },
    finishTransfer(outBillNo, state, opts = {}) {
      const b = transfers.get(outBillNo);
      if (!b) throw new Error(`fake WeChat Pay: no transfer ${outBillNo}`);
      b.state = state;
      b.updateTime = new Date();
      if (state !== 'SUCCESS')
        b.failReason =
          opts.failReason ?? (state === 'CANCELLED' ? 'MERCHANT_REVOCATION' : 'PAYEE_ACCOUNT_ABNORMAL');
      const { appid: _appid, transfer_remark: _remark, ...resource } = transferJson(b);
      return notification(
        'MCHTRANSFER.BILL.FINISHED',
        '商家转账单据终态通知',
        'mch_payment',
        resource,
        opts.id,
      );
    },
    failNext(prefix, status, code, message = code) {
      failures.push({ prefix, status, code, message });
    },
    tamperNextAnswer() {
      tamper = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
