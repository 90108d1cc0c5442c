import type { Platform } from '../../../platform';
import { createWechatPayProvider } from './wechatpay';
import { SandboxProvider } from './sandbox';
import type { PaymentProvider } from './types';

/** The provider PAY_PROVIDER names: `wechatpay` (production) or `sandbox` (the default elsewhere). */
export function createProvider(platform: Platform, queueName: string): PaymentProvider {
  const { config, clock, sequelize, drivers } = platform;
  if (config.payment.provider === 'wechatpay') {
    if (!config.payment.wechatpay) throw new Error('Invalid configuration: WeChat Pay credentials missing');
    return createWechatPayProvider({ config: config.payment.wechatpay, appid: config.wechat.appid, clock });
  }
  return new SandboxProvider({
    sequelize,
    clock,
    appid: config.wechat.appid,
    queue: drivers.queue,
    queueName,
  });
}
