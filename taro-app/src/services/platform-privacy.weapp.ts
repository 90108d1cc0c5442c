import Taro from '@tarojs/taro';
import type { ButtonProps } from '@tarojs/components';

type Resolve = Parameters<Taro.onNeedPrivacyAuthorization.Listener>[0];

/** The id WeChat checks when we resolve its prompt with `agree`: the tap must have been on this button. */
const AGREE_BUTTON_ID = 'privacy-agree';

let pending: Resolve | undefined;

/** The 同意 button also records WeChat's own privacy consent (base library ≥ 2.32.3). */
export const agreeButtonProps: Pick<ButtonProps, 'id' | 'openType'> = {
  id: AGREE_BUTTON_ID,
  openType: 'agreePrivacyAuthorization',
};

const canUse = (api: string): boolean => typeof Taro.canIUse === 'function' && Taro.canIUse(api);

/**
 * When a privacy API (phone number, location, album…) needs WeChat's consent, WeChat holds the call and asks
 * us to show our guide; the held call continues once we resolve with the shopper's choice.
 */
export function installPlatformPrivacy(openPrivacyPage: () => void): void {
  if (!canUse('onNeedPrivacyAuthorization')) return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending?.({ event: 'disagree' });
    pending = resolve;
    openPrivacyPage();
  });
}

/** Tell WeChat the guide is on screen (required before agree/disagree when a call is held). */
export function announcePlatformPrivacy(): void {
  pending?.({ event: 'exposureAuthorization' });
}

/**
 * For a shopper who consented with us earlier: if WeChat still wants its own consent (another device, or the
 * mini-program declared new kinds of data since), requirePrivacyAuthorize raises its prompt through the
 * handler above, which opens our guide.
 */
export function confirmPlatformPrivacy(): void {
  if (!canUse('getPrivacySetting') || !canUse('requirePrivacyAuthorize')) return;
  Taro.getPrivacySetting({
    success: ({ needAuthorization }) => {
      if (needAuthorization) Taro.requirePrivacyAuthorize({});
    },
  });
}

export function settlePlatformPrivacy(agreed: boolean): void {
  pending?.(agreed ? { event: 'agree', buttonId: AGREE_BUTTON_ID } : { event: 'disagree' });
  pending = undefined;
}
