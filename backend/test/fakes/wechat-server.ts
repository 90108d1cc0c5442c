import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import QRCode from 'qrcode';

/**
 * A fake WeChat server API on 127.0.0.1, built from the documented requests, responses and errcodes.
 * It checks appid/secret and access tokens like the real one, issues login and phone codes that work once,
 * records every call, and lets a test script faults per endpoint.
 */

export interface FakeWechatOptions {
  appid?: string;
  secret?: string;
  /** lifetime of issued access tokens; WeChat's is 7200 */
  tokenTtlSeconds?: number;
  /** pages that exist, for getwxacodeunlimit's check_path; any page when omitted */
  pages?: string[];
  /** msg_sec_check answers `risky` for content containing one of these */
  riskyWords?: string[];
}

/** Whatever JSON a client sent; the handlers check every field they read at run time, as WeChat does. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestBody = any;

export interface FakeWechatCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: RequestBody;
}

export interface FakeWechat {
  url: string;
  appid: string;
  secret: string;
  calls: FakeWechatCall[];
  callsTo(path: string): FakeWechatCall[];
  /** the next `times` calls to `path` answer this errcode (before any other check) */
  failNext(path: string, errcode: number, errmsg?: string, times?: number): void;
  /** the next call to `path` is answered only after `ms` (for client timeouts) */
  delayNext(path: string, ms: number): void;
  /** every access token issued so far expires now (42001 from then on) */
  expireTokens(): void;
  /** a js_code that jscode2session accepts once, for this user */
  issueLoginCode(user: { openid: string; unionid?: string }): string;
  /** a phone-number button code that getuserphonenumber accepts once */
  issuePhoneCode(phone: { purePhoneNumber: string; countryCode?: string }): string;
  setRiskRank(openid: string, rank: number): void;
  close(): Promise<void>;
}

const ERRMSG: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40037: 'invalid template_id',
  40097: 'invalid args',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40169: 'invalid length for scene, or the data is not json string',
  41001: 'access_token missing',
  41030: 'invalid page',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  47003: 'argument invalid!',
  87014: 'risky content',
  10060002: '支付单已完成发货，无法继续发货',
  10060003: '支付单已使用重新发货机会',
  10060005: '物流类型有误',
  10060006: '非快递发货时不允许分拆发货',
  10060007: '分拆发货模式下必须填写 is_all_delivered 字段',
  10060008: '商品描述字段不能为空',
  10060009: '商品描述字段长度不能超过 120 字',
  10060014: '参数错误',
  10060024: '物流信息列表太长',
  10060025: '物流公司编码太长',
  10060026: '物流单号太长',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class Refusal {
  constructor(
    readonly errcode: number,
    readonly errmsg = ERRMSG[errcode] ?? 'error',
  ) {}
}

function refuse(errcode: number, errmsg?: string): never {
  throw new Refusal(errcode, errmsg);
}

type Handler = (call: FakeWechatCall) => Promise<Record<string, unknown> | Buffer> | Record<string, unknown>;

export async function startFakeWechat(opts: FakeWechatOptions = {}): Promise<FakeWechat> {
  const appid = opts.appid ?? `wxfake${randomBytes(5).toString('hex')}`;
  const secret = opts.secret ?? randomBytes(16).toString('hex');
  const tokenTtlMs = (opts.tokenTtlSeconds ?? 7200) * 1000;
  const riskyWords = opts.riskyWords ?? ['违禁词', 'forbidden-word'];

  const calls: FakeWechatCall[] = [];
  const faults = new Map<string, { errcode: number; errmsg?: string }[]>();
  const delays = new Map<string, number>();
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  let currentToken: string | undefined;
  const loginCodes = new Map<string, { openid: string; unionid?: string; used: boolean }>();
  const phoneCodes = new Map<string, { purePhoneNumber: string; countryCode: string; used: boolean }>();
  const riskRanks = new Map<string, number>();
  const shipments = new Map<string, { complete: boolean; corrected: boolean }>();
  const timers = new Set<NodeJS.Timeout>();

  const newId = (bytes: number) => randomBytes(bytes).toString('hex');

  function requireToken(call: FakeWechatCall): void {
    const token = call.query.access_token;
    if (!token) refuse(41001);
    const t = tokens.get(token);
    if (!t || t.revoked) refuse(40001);
    if (t.expiresAt <= Date.now()) refuse(42001);
  }

  function issueToken(): { access_token: string; expires_in: number } {
    if (currentToken) tokens.get(currentToken)!.revoked = true;
    currentToken = `fake_token_${newId(12)}`;
    tokens.set(currentToken, { expiresAt: Date.now() + tokenTtlMs, revoked: false });
    return { access_token: currentToken, expires_in: Math.round(tokenTtlMs / 1000) };
  }

  const handlers: Record<string, Handler> = {
    'POST /cgi-bin/stable_token': ({ body }) => {
      if (body.grant_type !== 'client_credential') refuse(40002, 'invalid grant_type');
      if (body.appid !== appid) refuse(40013);
      if (body.secret !== secret) refuse(40125);
      const current = currentToken ? tokens.get(currentToken) : undefined;
      if (body.force_refresh !== true && current && !current.revoked && current.expiresAt > Date.now()) {
        return { access_token: currentToken, expires_in: Math.ceil((current.expiresAt - Date.now()) / 1000) };
      }
      return issueToken();
    },

    'GET /sns/jscode2session': ({ query }) => {
      if (query.appid !== appid) refuse(40013);
      if (query.secret !== secret) refuse(40125);
      if (query.grant_type !== 'authorization_code') refuse(40002, 'invalid grant_type');
      const issued = loginCodes.get(query.js_code ?? '');
      if (!issued) refuse(40029);
      if (issued.used) refuse(40163);
      issued.used = true;
      return {
        openid: issued.openid,
        session_key: randomBytes(16).toString('base64'),
        ...(issued.unionid ? { unionid: issued.unionid } : {}),
      };
    },

    'POST /wxa/business/getuserphonenumber': (call) => {
      requireToken(call);
      const issued = phoneCodes.get(call.body.code ?? '');
      if (!issued || issued.used) refuse(40029);
      issued.used = true;
      const { purePhoneNumber, countryCode } = issued;
      return {
        errcode: 0,
        errmsg: 'ok',
        phone_info: {
          phoneNumber: countryCode === '86' ? purePhoneNumber : `+${countryCode}${purePhoneNumber}`,
          purePhoneNumber,
          countryCode,
          watermark: { timestamp: Math.floor(Date.now() / 1000), appid },
        },
      };
    },

    'POST /wxa/getwxacodeunlimit': async (call) => {
      requireToken(call);
      const { scene, page, width, check_path: checkPath } = call.body;
      if (typeof scene !== 'string' || scene.length === 0 || scene.length > 32) refuse(40169);
      if (page !== undefined && checkPath !== false && opts.pages && !opts.pages.includes(page))
        refuse(41030);
      return QRCode.toBuffer(`${page ?? ''}?scene=${scene}`, { type: 'png', width: width ?? 430, margin: 1 });
    },

    'POST /cgi-bin/message/subscribe/send': (call) => {
      requireToken(call);
      const { touser, template_id: templateId, data, miniprogram_state: state } = call.body;
      if (typeof touser !== 'string' || !touser) refuse(40003);
      if (typeof templateId !== 'string' || !templateId) refuse(40037);
      if (state !== undefined && !['developer', 'trial', 'formal'].includes(state)) refuse(47003);
      if (typeof data !== 'object' || data === null) refuse(47003);
      for (const [key, v] of Object.entries(data as Record<string, { value?: unknown }>)) {
        if (typeof v?.value !== 'string') refuse(47003, `argument invalid! data.${key}.value is empty`);
      }
      return { errcode: 0, errmsg: 'ok', msgid: Number.parseInt(newId(4), 16) };
    },

    'POST /wxa/sec/order/upload_shipping_info': (call) => {
      requireToken(call);
      const b = call.body;
      const orderKey = shippingOrderKey(b.order_key);
      if (![1, 2, 3, 4].includes(b.logistics_type)) refuse(10060005);
      if (![1, 2].includes(b.delivery_mode)) refuse(10060014);
      if (b.delivery_mode === 2 && b.logistics_type !== 1) refuse(10060006);
      if (b.delivery_mode === 2 && typeof b.is_all_delivered !== 'boolean') refuse(10060007);
      if (!Array.isArray(b.shipping_list) || b.shipping_list.length === 0) refuse(10060014);
      if (b.shipping_list.length > 15) refuse(10060024);
      for (const item of b.shipping_list) {
        if (typeof item?.item_desc !== 'string' || !item.item_desc) refuse(10060008);
        if ([...item.item_desc].length > 120) refuse(10060009);
        if (b.logistics_type === 1 && !(item.tracking_no && item.express_company)) refuse(10060014);
        if (item.tracking_no && item.tracking_no.length > 128) refuse(10060026);
        if (item.express_company && item.express_company.length > 128) refuse(10060025);
      }
      if (typeof b.upload_time !== 'string' || !RFC3339.test(b.upload_time)) refuse(10060014);
      if (typeof b.payer?.openid !== 'string' || !b.payer.openid) refuse(10060014);
      // a finished shipment may be corrected once (重新发货)
      const state = shipments.get(orderKey) ?? { complete: false, corrected: false };
      if (state.complete && state.corrected) refuse(10060003);
      if (state.complete) state.corrected = true;
      state.complete = b.delivery_mode === 1 || b.is_all_delivered === true || state.complete;
      shipments.set(orderKey, state);
      return { errcode: 0, errmsg: 'ok' };
    },

    'POST /wxa/msg_sec_check': (call) => {
      requireToken(call);
      const { version, openid, scene, content } = call.body;
      if (version !== 2) refuse(47001);
      if (typeof openid !== 'string' || !openid) refuse(40003);
      if (![1, 2, 3, 4].includes(scene) || typeof content !== 'string') refuse(40097);
      const hit = riskyWords.find((w) => content.includes(w));
      const result = hit ? { suggest: 'risky', label: 20006 } : { suggest: 'pass', label: 100 };
      return {
        errcode: 0,
        errmsg: 'ok',
        trace_id: newId(12),
        result,
        detail: [
          {
            strategy: 'content_model',
            errcode: 0,
            ...result,
            prob: hit ? 90 : 0,
            ...(hit ? { keyword: hit } : {}),
          },
        ],
      };
    },

    'POST /wxa/media_check_async': (call) => {
      requireToken(call);
      const { version, media_url: mediaUrl, media_type: mediaType, openid, scene } = call.body;
      if (version !== 2) refuse(47001);
      if (typeof openid !== 'string' || !openid) refuse(40003);
      if (typeof mediaUrl !== 'string' || !/^https?:\/\//.test(mediaUrl)) refuse(40097);
      if (![1, 2].includes(mediaType) || ![1, 2, 3, 4].includes(scene)) refuse(40097);
      return { errcode: 0, errmsg: 'ok', trace_id: newId(12) };
    },

    'POST /wxa/getuserriskrank': (call) => {
      requireToken(call);
      const { appid: bodyAppid, openid, scene, client_ip: clientIp } = call.body;
      if (bodyAppid !== appid) refuse(40013);
      if (typeof openid !== 'string' || !openid) refuse(40003);
      if (![0, 1].includes(scene) || typeof clientIp !== 'string' || !clientIp) refuse(40097);
      return {
        errcode: 0,
        errmsg: 'getuserriskrank succ',
        risk_rank: riskRanks.get(openid) ?? 0,
        unoin_id: 1,
      };
    },
  };

  async function answer(call: FakeWechatCall): Promise<{ type: string; body: Buffer }> {
    const fault = faults.get(call.path)?.shift();
    try {
      if (fault) refuse(fault.errcode, fault.errmsg);
      const handler = handlers[`${call.method} ${call.path}`];
      if (!handler) refuse(40066, 'invalid url');
      if (call.body === INVALID_JSON) refuse(47001);
      const result = await handler(call);
      if (Buffer.isBuffer(result)) return { type: 'image/png', body: result };
      return json(result);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      return json({ errcode: e.errcode, errmsg: `${e.errmsg} rid: ${newId(4)}-${newId(4)}` });
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks).toString('utf8');
      const call: FakeWechatCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        body: parseBody(raw),
      };
      calls.push(call);
      const delay = delays.get(call.path) ?? 0;
      delays.delete(call.path);
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(call).then(
          ({ type, body }) => {
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': type, 'content-length': body.length });
            res.end(body);
          },
          () => res.destroy(),
        );
      }, delay);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    appid,
    secret,
    calls,
    callsTo: (path) => calls.filter((c) => c.path === path),
    failNext(path, errcode, errmsg, times = 1) {
      const queue = faults.get(path) ?? [];
      for (let i = 0; i < times; i++) queue.push({ errcode, errmsg });
      faults.set(path, queue);
    },
    delayNext(path, ms) {
      delays.set(path, ms);
    },
    expireTokens() {
      for (const t of tokens.values()) t.expiresAt = Date.now();
    },
    issueLoginCode(user) {
      const code = `code_${newId(12)}`;
      loginCodes.set(code, { ...user, used: false });
      return code;
    },
    issuePhoneCode(phone) {
      const code = `phone_${newId(12)}`;
      phoneCodes.set(code, {
        purePhoneNumber: phone.purePhoneNumber,
        countryCode: phone.countryCode ?? '86',
        used: false,
      });
      return code;
    },
    setRiskRank(openid, rank) {
      riskRanks.set(openid, rank);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

const INVALID_JSON = Symbol('invalid json');

function parseBody(raw: string): unknown {
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    return INVALID_JSON;
  }
}

function json(body: unknown): { type: string; body: Buffer } {
  return { type: 'application/json; encoding=utf-8', body: Buffer.from(JSON.stringify(body)) };
}

function shippingOrderKey(key: RequestBody): string {
  if (key?.order_number_type === 1 && key.mchid && key.out_trade_no)
    return `${key.mchid}:${key.out_trade_no}`;
  if (key?.order_number_type === 2 && key.transaction_id) return key.transaction_id;
  return refuse(10060014);
}
