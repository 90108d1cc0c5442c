import path from 'node:path';
import { z } from 'zod';

const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  DATABASE_REPLICA_URLS: z.string().optional(),
  REDIS_URL: z.string().optional(),
  JWT_SECRET: z.string().min(16).optional(),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(7 * 24 * 3600),
  TRUSTED_PROXIES: z.string().default('127.0.0.1,::1,::ffff:127.0.0.1'),
  SHOP_TIMEZONE: z.string().default('Asia/Shanghai'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WECHAT_APPID: z.string().default('wx-dev-appid'),
  WECHAT_SECRET: z.string().default('dev-secret'),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  STORAGE_DRIVER: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.string().optional(),
  S3_BUCKET: z.string().optional(),
  S3_REGION: z.string().default('auto'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PUBLIC_URL: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  SEED_DEMO: boolish.optional(),
  RUN_WORKER_IN_PROCESS: boolish.optional(),
  RUN_CRON_IN_PROCESS: boolish.optional(),
  SERVE_APPS: boolish.optional(),
  INITIAL_OWNER_USERNAME: z.string().min(3).max(32).optional(),
  INITIAL_OWNER_PASSWORD: z.string().min(8).optional(),
  PAY_PROVIDER: z.enum(['sandbox', 'wechatpay']).optional(),
  WECHATPAY_MCHID: z.string().optional(),
  WECHATPAY_SERIAL_NO: z.string().optional(),
  WECHATPAY_PRIVATE_KEY_PATH: z.string().optional(),
  WECHATPAY_MERCHANT_CERT_PATH: z.string().optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: z.string().optional(),
  WECHATPAY_PLATFORM_SERIAL: z.string().optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  WECHATPAY_NOTIFY_URL: z.string().url().optional(),
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  database: { url: string | undefined; replicaUrls: string[]; sqliteFile: string };
  redisUrl: string | undefined;
  jwt: { secret: string; ttlSeconds: number };
  trustedProxies: string[];
  shopTimezone: string;
  logLevel: Env['LOG_LEVEL'];
  wechat: { appid: string; secret: string; apiBase: string };
  storage: {
    driver: 'local' | 's3';
    localDir: string;
    maxBytes: number;
    s3: {
      endpoint?: string;
      bucket?: string;
      region: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      publicUrl?: string;
    };
  };
  /** embedded mode: one process runs api, worker and cron, memory drivers when REDIS_URL is unset */
  embedded: boolean;
  runWorkerInProcess: boolean;
  runCronInProcess: boolean;
  serveApps: boolean;
  seedDemo: boolean;
  /** production's first owner account, created at api start if the username is free */
  initialOwner: { username: string; password: string } | undefined;
  payment: { provider: 'sandbox' | 'wechatpay'; wechatpay: WechatPayConfig | undefined };
}

/** Merchant credentials for WeChat Pay APIv3 (see modules/payment/README.md). */
export interface WechatPayConfig {
  mchid: string;
  /** merchant API certificate serial; read from merchantCertPath when absent */
  serialNo?: string;
  privateKeyPath: string;
  merchantCertPath?: string;
  /** WeChat Pay public key (PUB_KEY_ID mode) or platform certificate PEM */
  platformPublicKeyPath: string;
  /** its id/serial; read from the file when it is a certificate */
  platformSerial?: string;
  apiV3Key: string;
  notifyUrl: string;
  apiBase: string;
}

const DEV_JWT_SECRET = 'embedded-mode-dev-secret-change-me';

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction && !env.JWT_SECRET)
    throw new Error('Invalid configuration: JWT_SECRET is required in production');
  if (isProduction && !env.DATABASE_URL)
    throw new Error('Invalid configuration: DATABASE_URL is required in production');
  if (env.STORAGE_DRIVER === 's3' && !(env.S3_BUCKET && env.S3_ENDPOINT)) {
    throw new Error('Invalid configuration: S3_BUCKET and S3_ENDPOINT are required with STORAGE_DRIVER=s3');
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const embedded = !env.REDIS_URL;
  const payProvider = env.PAY_PROVIDER ?? (isProduction ? 'wechatpay' : 'sandbox');
  if (isProduction && payProvider === 'sandbox')
    throw new Error('Invalid configuration: PAY_PROVIDER=sandbox is refused in production');
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PUBLIC_URL,
    dataDir,
    database: {
      url: env.DATABASE_URL,
      replicaUrls: env.DATABASE_REPLICA_URLS ? env.DATABASE_REPLICA_URLS.split(',').filter(Boolean) : [],
      sqliteFile: path.join(dataDir, 'mall.sqlite'),
    },
    redisUrl: env.REDIS_URL,
    jwt: { secret: env.JWT_SECRET ?? DEV_JWT_SECRET, ttlSeconds: env.JWT_TTL_SECONDS },
    trustedProxies: env.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    shopTimezone: env.SHOP_TIMEZONE,
    logLevel: env.LOG_LEVEL,
    wechat: { appid: env.WECHAT_APPID, secret: env.WECHAT_SECRET, apiBase: env.WECHAT_API_BASE },
    storage: {
      driver: env.STORAGE_DRIVER,
      localDir: path.join(dataDir, 'uploads'),
      maxBytes: env.UPLOAD_MAX_BYTES,
      s3: {
        endpoint: env.S3_ENDPOINT,
        bucket: env.S3_BUCKET,
        region: env.S3_REGION,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        publicUrl: env.S3_PUBLIC_URL,
      },
    },
    embedded,
    runWorkerInProcess: env.RUN_WORKER_IN_PROCESS ?? embedded,
    runCronInProcess: env.RUN_CRON_IN_PROCESS ?? embedded,
    serveApps: env.SERVE_APPS ?? embedded,
    seedDemo: env.SEED_DEMO ?? embedded,
    initialOwner:
      env.INITIAL_OWNER_USERNAME && env.INITIAL_OWNER_PASSWORD
        ? { username: env.INITIAL_OWNER_USERNAME, password: env.INITIAL_OWNER_PASSWORD }
        : undefined,
    payment: {
      provider: payProvider,
      wechatpay: payProvider === 'wechatpay' ? wechatPayConfig(env) : undefined,
    },
  };
}

function wechatPayConfig(env: Env): WechatPayConfig {
  const notifyUrl =
    env.WECHATPAY_NOTIFY_URL ??
    (env.PUBLIC_URL ? `${env.PUBLIC_URL.replace(/\/$/, '')}/api/pay/notify/wechatpay` : undefined);
  const missing = [
    ['WECHATPAY_MCHID', env.WECHATPAY_MCHID],
    ['WECHATPAY_PRIVATE_KEY_PATH', env.WECHATPAY_PRIVATE_KEY_PATH],
    [
      'WECHATPAY_SERIAL_NO or WECHATPAY_MERCHANT_CERT_PATH',
      env.WECHATPAY_SERIAL_NO ?? env.WECHATPAY_MERCHANT_CERT_PATH,
    ],
    ['WECHATPAY_PLATFORM_PUBLIC_KEY_PATH', env.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH],
    ['WECHATPAY_APIV3_KEY', env.WECHATPAY_APIV3_KEY],
    ['WECHATPAY_NOTIFY_URL or PUBLIC_URL', notifyUrl],
  ].filter(([, v]) => !v);
  if (missing.length) {
    throw new Error(
      `Invalid configuration: PAY_PROVIDER=wechatpay needs ${missing.map(([k]) => k).join(', ')}`,
    );
  }
  return {
    mchid: env.WECHATPAY_MCHID!,
    serialNo: env.WECHATPAY_SERIAL_NO,
    privateKeyPath: env.WECHATPAY_PRIVATE_KEY_PATH!,
    merchantCertPath: env.WECHATPAY_MERCHANT_CERT_PATH,
    platformPublicKeyPath: env.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH!,
    platformSerial: env.WECHATPAY_PLATFORM_SERIAL,
    apiV3Key: env.WECHATPAY_APIV3_KEY!,
    notifyUrl: notifyUrl!,
    apiBase: env.WECHATPAY_API_BASE.replace(/\/$/, ''),
  };
}
