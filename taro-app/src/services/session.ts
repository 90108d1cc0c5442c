import Taro from '@tarojs/taro';
import { getSession, setSession } from '../store/session';
import { ApiError, isApiError } from './api-error';
import type { Shopper } from './api-types';
import { platformLogin } from './auth';
import { openPrivacyPage } from './navigation';
import { confirmPlatformPrivacy, installPlatformPrivacy, settlePlatformPrivacy } from './platform-privacy';
import { setSessionHooks } from './request';
import { acceptPrivacyGuide, fetchMe } from './shop-api';
import { clearToken, readToken, saveToken } from './token-storage';

/** Wires the request wrapper and WeChat's privacy prompts to the session, then finds out who the shopper is. */
export function startSession(): Promise<void> {
  setSessionHooks({
    relogin: async () => {
      await signIn();
    },
    onAccountFrozen: (error) => {
      clearToken();
      if (getSession().status === 'frozen') return;
      setSession({ status: 'frozen', message: error.message });
      void Taro.showModal({
        title: '账号已冻结',
        content: error.message,
        showCancel: false,
        confirmText: '知道了',
        confirmColor: '#fa2c19',
      });
    },
    onPrivacyRequired: () => setSession({ status: 'needs-privacy' }),
  });
  installPlatformPrivacy(openPrivacyPage);
  return restoreSession();
}

/**
 * Without a stored token this is a first launch: nothing is sent (not even a login) before the shopper
 * accepts the privacy guide. With one, the server says whether the guide was accepted.
 */
export async function restoreSession(): Promise<void> {
  if (readToken() === undefined) {
    setSession({ status: 'needs-privacy' });
    return;
  }
  setSession({ status: 'starting' });
  try {
    const shopper = await fetchMe();
    if (!shopper.privacyAccepted) {
      setSession({ status: 'needs-privacy' });
      return;
    }
    setSession({ status: 'ready', shopper });
    confirmPlatformPrivacy();
  } catch (e) {
    failUnlessHandled(e);
  }
}

/** 同意: log in if needed, record the accepted version, and let a held WeChat privacy call continue. */
export async function acceptPrivacy(version: string): Promise<Shopper> {
  if (readToken() === undefined) await signIn();
  const shopper = await acceptPrivacyGuide(version);
  setSession({ status: 'ready', shopper });
  settlePlatformPrivacy(true);
  return shopper;
}

/**
 * 拒绝: public pages only. The stored token (if any) is kept so that accepting later needs no new login.
 * A shopper who had already consented and refuses a WeChat prompt only refuses the call WeChat held.
 */
export function declinePrivacy(): void {
  settlePlatformPrivacy(false);
  const { status } = getSession();
  if (status === 'needs-privacy' || status === 'starting') setSession({ status: 'browsing-only' });
}

async function signIn(): Promise<Shopper> {
  const { token, shopper } = await platformLogin();
  saveToken(token);
  return shopper;
}

function failUnlessHandled(e: unknown): void {
  // Frozen and privacy errors have already moved the session through the request hooks.
  if (isApiError(e) && (e.code === 'ACCOUNT_FROZEN' || e.code === 'PRIVACY_NOT_ACCEPTED')) return;
  setSession({ status: 'failed', error: isApiError(e) ? e : new ApiError('INTERNAL', 0, String(e)) });
}
