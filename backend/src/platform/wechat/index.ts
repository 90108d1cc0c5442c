export { createWechatClient, type WechatClient, type WechatClientDeps } from './client';
export { wechatErrcodeOf, type WechatErrorDetails } from './errors';
export * from './types';
