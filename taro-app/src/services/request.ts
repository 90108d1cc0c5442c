import Taro from '@tarojs/taro';
import { ApiError, isSessionExpired } from './api-error';
import type { Page, PageMeta } from './api-types';
import { readToken } from './token-storage';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  method?: Method;
  /** Query for GET, JSON body otherwise (an ArrayBuffer is sent as it is, e.g. an image upload). */
  data?: unknown;
  /** Send the stored token (default). Login and public endpoints pass false. */
  auth?: boolean;
  header?: Record<string, string>;
}

/** What the session layer does for the request wrapper; set once at launch (see session.ts). */
export interface SessionHooks {
  /** Log in again and store the new token. */
  relogin(): Promise<void>;
  onAccountFrozen(error: ApiError): void;
  onPrivacyRequired(error: ApiError): void;
}

interface Envelope<T> {
  data: T;
  meta?: PageMeta;
}

const TIMEOUT_MS = 15_000;

let hooks: SessionHooks | undefined;
let reloginInFlight: Promise<void> | undefined;

export function setSessionHooks(next: SessionHooks): void {
  hooks = next;
}

/** The one wrapper over Taro.request: returns the envelope's `data`, throws ApiError with a Chinese message. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await send<T>(path, options, true)).data;
}

/** For paged lists: `{ data: [...], meta: { page, pageSize, total } }`. */
export async function requestPage<T>(path: string, options: RequestOptions = {}): Promise<Page<T>> {
  const envelope = await send<T[]>(path, options, true);
  if (!envelope.meta) throw new ApiError('INTERNAL', 500, `no meta in paged response of ${path}`);
  return { items: envelope.data, meta: envelope.meta };
}

async function send<T>(path: string, options: RequestOptions, mayRelogin: boolean): Promise<Envelope<T>> {
  const token = options.auth === false ? undefined : readToken();
  try {
    return await transport<T>(path, options, token);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    // Only a session that existed can be renewed; without a token the shopper has not consented to login yet.
    if (isSessionExpired(e) && token !== undefined && mayRelogin && hooks) {
      await reloginOnce(hooks);
      return send<T>(path, options, false);
    }
    if (e.code === 'ACCOUNT_FROZEN') hooks?.onAccountFrozen(e);
    if (e.code === 'PRIVACY_NOT_ACCEPTED') hooks?.onPrivacyRequired(e);
    throw e;
  }
}

/** Parallel requests that all find the token expired share one login. */
function reloginOnce(h: SessionHooks): Promise<void> {
  reloginInFlight ??= h.relogin().finally(() => {
    reloginInFlight = undefined;
  });
  return reloginInFlight;
}

async function transport<T>(
  path: string,
  options: RequestOptions,
  token: string | undefined,
): Promise<Envelope<T>> {
  const header: Record<string, string> = { 'content-type': 'application/json', ...options.header };
  if (token) header.Authorization = `Bearer ${token}`;
  let response: Taro.request.SuccessCallbackResult;
  try {
    response = await Taro.request({
      url: `${API_BASE}${path}`,
      method: options.method ?? 'GET',
      data: withoutUndefined(options.data) as Taro.request.Option['data'],
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    });
  } catch (e) {
    throw new ApiError('NETWORK_ERROR', 0, errorText(e));
  }
  const body: unknown = response.data;
  if (response.statusCode >= 200 && response.statusCode < 300) {
    if (response.statusCode === 204) return { data: undefined as T };
    if (isEnvelope<T>(body)) return body;
    throw new ApiError('INTERNAL', response.statusCode, `unexpected response body from ${path}`);
  }
  throw toApiError(response.statusCode, body);
}

/** Taro's H5 request writes an undefined query value as the text "undefined": leave such keys out. */
function withoutUndefined(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || data instanceof ArrayBuffer)
    return data;
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(
      error.code,
      status,
      typeof error.message === 'string' ? error.message : undefined,
      error.details,
    );
  }
  // Not our envelope: a proxy or gateway answered.
  return new ApiError(status >= 500 ? 'DEPENDENCY_UNAVAILABLE' : 'INTERNAL', status, `HTTP ${status}`);
}

function isEnvelope<T>(body: unknown): body is Envelope<T> {
  return typeof body === 'object' && body !== null && 'data' in body;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  const errMsg = (e as { errMsg?: unknown } | null)?.errMsg;
  return typeof errMsg === 'string' ? errMsg : 'request failed';
}
