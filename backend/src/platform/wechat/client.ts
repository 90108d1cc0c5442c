import { AppError } from '../errors';
import type { CacheDriver, LockDriver } from '../drivers/types';
import type { Logger } from '../logger';
import { createAccessTokenProvider } from './access-token';
import { errcodeToAppError, SYSTEM_BUSY_ERRCODE, TOKEN_REJECTED_ERRCODES } from './errors';
import { createWechatHttp, type WechatJson, type WechatRequest, type WechatResponse } from './http';
import type {
  Code2SessionResult,
  MediaCheckOptions,
  MsgSecCheckOptions,
  MsgSecCheckResult,
  PhoneNumberResult,
  ShippingInfo,
  SubscribeMessage,
  UnlimitedQrCodeOptions,
  UserRiskRankOptions,
  UserRiskRankResult,
} from './types';

export interface WechatClientDeps {
  config: { appid: string; secret: string; apiBase: string };
  cache: CacheDriver;
  lock: LockDriver;
  logger: Logger;
  /** per HTTP request; default 5000 */
  timeoutMs?: number;
}

export interface WechatClient {
  /** a valid access token (cached, shared by all processes) */
  accessToken(): Promise<string>;
  code2session(code: string): Promise<Code2SessionResult>;
  /** `code` from the phone-number button */
  getPhoneNumber(code: string): Promise<PhoneNumberResult>;
  /** PNG or JPEG bytes of a mini-program code */
  getUnlimitedQrCode(opts: UnlimitedQrCodeOptions): Promise<Buffer>;
  sendSubscribeMessage(msg: SubscribeMessage): Promise<void>;
  uploadShippingInfo(info: ShippingInfo): Promise<void>;
  msgSecCheck(opts: MsgSecCheckOptions): Promise<MsgSecCheckResult>;
  /** the verdict arrives later as a `wxa_media_check` message push carrying this trace id */
  mediaCheckAsync(opts: MediaCheckOptions): Promise<{ traceId: string }>;
  getUserRiskRank(opts: UserRiskRankOptions): Promise<UserRiskRankResult>;
}

type Call = Omit<WechatRequest, 'query'> & { query?: Record<string, string>; withToken: boolean };

export function createWechatClient(deps: WechatClientDeps): WechatClient {
  const { appid, secret } = deps.config;
  const logger = deps.logger.child({ component: 'wechat' });
  const timeoutMs = deps.timeoutMs ?? 5000;
  const send = createWechatHttp(deps.config.apiBase, timeoutMs);

  const tokens = createAccessTokenProvider({
    appid,
    cache: deps.cache,
    lock: deps.lock,
    logger,
    fetchBudgetMs: 2 * timeoutMs,
    async fetchStableToken(forceRefresh) {
      const json = await callJson({
        method: 'POST',
        path: '/cgi-bin/stable_token',
        body: { grant_type: 'client_credential', appid, secret, force_refresh: forceRefresh },
        withToken: false,
      });
      logger.info({ forceRefresh, expiresIn: json.expires_in }, 'WeChat access token fetched');
      return { accessToken: String(json.access_token), expiresInSeconds: Number(json.expires_in) };
    },
  });

  /**
   * Sends the call; a rejected token is replaced and the call retried once, "system busy" is retried
   * once; any other errcode becomes an AppError.
   */
  async function call(c: Call): Promise<WechatResponse> {
    let token = c.withToken ? await tokens.get() : undefined;
    let tokenRetried = false;
    let busyRetried = false;
    for (;;) {
      const query = { ...c.query, ...(token === undefined ? {} : { access_token: token }) };
      const res = await send({ method: c.method, path: c.path, query, body: c.body });
      if (res.kind === 'bytes' || !res.json.errcode) return res;
      const { errcode, errmsg = '' } = res.json;
      if (token !== undefined && TOKEN_REJECTED_ERRCODES.has(errcode) && !tokenRetried) {
        tokenRetried = true;
        token = await tokens.replace(token);
        continue;
      }
      if (errcode === SYSTEM_BUSY_ERRCODE && !busyRetried) {
        busyRetried = true;
        continue;
      }
      logger.warn({ api: c.path, errcode, errmsg }, 'WeChat API error');
      throw errcodeToAppError(c.path, errcode, errmsg);
    }
  }

  async function callJson(c: Call): Promise<WechatJson> {
    const res = await call(c);
    if (res.kind !== 'json')
      throw new AppError('WECHAT_ERROR', `WeChat ${c.path} answered ${res.contentType}`);
    return res.json;
  }

  return {
    accessToken: () => tokens.get(),

    async code2session(code) {
      const json = await callJson({
        method: 'GET',
        path: '/sns/jscode2session',
        query: { appid, secret, js_code: code, grant_type: 'authorization_code' },
        withToken: false,
      });
      return {
        openid: String(json.openid),
        sessionKey: String(json.session_key),
        ...(typeof json.unionid === 'string' ? { unionid: json.unionid } : {}),
      };
    },

    async getPhoneNumber(code) {
      const json = await callJson({
        method: 'POST',
        path: '/wxa/business/getuserphonenumber',
        body: { code },
        withToken: true,
      });
      const info = json.phone_info as {
        phoneNumber: string;
        purePhoneNumber: string;
        countryCode: string | number;
      };
      return {
        phoneNumber: info.phoneNumber,
        purePhoneNumber: info.purePhoneNumber,
        countryCode: String(info.countryCode),
      };
    },

    async getUnlimitedQrCode(opts) {
      const res = await call({
        method: 'POST',
        path: '/wxa/getwxacodeunlimit',
        body: {
          scene: opts.scene,
          page: opts.page,
          width: opts.width,
          check_path: opts.checkPath,
          env_version: opts.envVersion,
        },
        withToken: true,
      });
      if (res.kind !== 'bytes')
        throw new AppError('WECHAT_ERROR', 'WeChat /wxa/getwxacodeunlimit answered no image');
      return res.bytes;
    },

    async sendSubscribeMessage(msg) {
      await callJson({
        method: 'POST',
        path: '/cgi-bin/message/subscribe/send',
        body: {
          touser: msg.touser,
          template_id: msg.templateId,
          page: msg.page,
          data: Object.fromEntries(Object.entries(msg.data).map(([key, value]) => [key, { value }])),
          miniprogram_state: msg.miniprogramState ?? 'formal',
          lang: 'zh_CN',
        },
        withToken: true,
      });
    },

    async uploadShippingInfo(info) {
      await callJson({
        method: 'POST',
        path: '/wxa/sec/order/upload_shipping_info',
        body: info,
        withToken: true,
      });
    },

    async msgSecCheck(opts) {
      const json = await callJson({
        method: 'POST',
        path: '/wxa/msg_sec_check',
        body: {
          version: 2,
          openid: opts.openid,
          scene: opts.scene,
          content: opts.content,
          title: opts.title,
          nickname: opts.nickname,
        },
        withToken: true,
      });
      const result = json.result as { suggest: MsgSecCheckResult['suggest']; label: number };
      return { suggest: result.suggest, label: Number(result.label), traceId: String(json.trace_id) };
    },

    async mediaCheckAsync(opts) {
      const json = await callJson({
        method: 'POST',
        path: '/wxa/media_check_async',
        body: {
          version: 2,
          media_url: opts.mediaUrl,
          media_type: opts.mediaType === 'audio' ? 1 : 2,
          openid: opts.openid,
          scene: opts.scene,
        },
        withToken: true,
      });
      return { traceId: String(json.trace_id) };
    },

    async getUserRiskRank(opts) {
      const json = await callJson({
        method: 'POST',
        path: '/wxa/getuserriskrank',
        body: {
          appid,
          openid: opts.openid,
          scene: opts.scene,
          client_ip: opts.clientIp,
          mobile_no: opts.mobileNo,
          email_address: opts.emailAddress,
          extended_info: opts.extendedInfo,
          is_test: opts.isTest,
        },
        withToken: true,
      });
      // the documented response field is spelled `unoin_id`
      return { riskRank: Number(json.risk_rank), unionId: Number(json.unoin_id ?? json.union_id ?? 0) };
    },
  };
}
