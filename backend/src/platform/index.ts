import type { Sequelize } from 'sequelize';
import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from './logger';
import { createSequelize } from './db/sequelize';
import { createDrivers } from './drivers';
import type { Drivers } from './drivers/types';
import { Auth } from './http/auth';
import { SqlOutbox } from './outbox/outbox';
import type { Outbox } from './outbox/types';
import { createWechatClient, type WechatClient } from './wechat';
import { createStorage, type Storage } from './storage';
import { RiskGate } from './risk';
import { AuditLog } from './audit';
import { systemClock, type Clock } from './clock';

/** Everything modules share. Built once per process (and once per test file). */
export interface Platform {
  config: Config;
  logger: Logger;
  clock: Clock;
  sequelize: Sequelize;
  drivers: Drivers;
  auth: Auth;
  outbox: Outbox;
  wechat: WechatClient;
  storage: Storage;
  risk: RiskGate;
  audit: AuditLog;
  close(): Promise<void>;
}

export async function createPlatform(
  opts: { config?: Config; clock?: Clock; logger?: Logger } = {},
): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const sequelize = createSequelize(config, logger);
  // persistent in the file: readers are not blocked by the one writer
  if (sequelize.getDialect() === 'sqlite') await sequelize.query('PRAGMA journal_mode=WAL');
  const drivers = await createDrivers(config, logger);
  const auth = new Auth(config.jwt.secret, config.jwt.ttlSeconds, drivers.cache);
  const outbox = new SqlOutbox(sequelize, clock);
  const wechat = createWechatClient({
    config: config.wechat,
    cache: drivers.cache,
    lock: drivers.lock,
    logger,
  });
  const storage = createStorage(config.storage);
  const risk = new RiskGate(sequelize, logger, clock);
  const audit = new AuditLog(sequelize, clock);
  return {
    config,
    logger,
    clock,
    sequelize,
    drivers,
    auth,
    outbox,
    wechat,
    storage,
    risk,
    audit,
    async close() {
      await drivers.close();
      await sequelize.close();
    },
  };
}
