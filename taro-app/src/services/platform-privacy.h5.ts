import type { ButtonProps } from '@tarojs/components';

/** H5 has no WeChat privacy prompts: consent lives only in our own privacy step. */

export const agreeButtonProps: Pick<ButtonProps, 'id' | 'openType'> = {};

export function installPlatformPrivacy(_openPrivacyPage: () => void): void {}

export function announcePlatformPrivacy(): void {}

export function confirmPlatformPrivacy(): void {}

export function settlePlatformPrivacy(_agreed: boolean): void {}
