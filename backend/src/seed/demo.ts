import { QueryTypes } from 'sequelize';
import { createApp } from '../app';
import { createCronScheduler, type Booted } from '../boot';
import type { AdminRole } from '../platform/http/access';
import type { AccountService } from '../modules/account/service';
import { ApiClient, ApiError, type Caller } from './api-client';
import { seedMarketing } from './marketing';
import { seedCatalog } from './catalog';
import { seedOrders } from './orders';
import { seedStore, signInShoppers } from './shoppers';

/** Demo merchant accounts of embedded mode; the README and the start banner list them. */
export const DEMO_ADMINS: { username: string; password: string; displayName: string; role: AdminRole }[] = [
  { username: 'owner', password: 'owner123', displayName: '店主', role: 'owner' },
  { username: 'operator', password: 'operator123', displayName: '运营小王', role: 'operator' },
  { username: 'finance', password: 'finance123', displayName: '财务小李', role: 'finance' },
  { username: 'service', password: 'service123', displayName: '客服小张', role: 'service' },
];

/** the client IP of the owner's requests (TEST-NET-2) */
const OWNER_IP = '198.51.100.10';

export function accountService({ modules }: Booted): AccountService {
  const m = modules.find((x) => x.name === 'account') as unknown as { service: AccountService } | undefined;
  if (!m) throw new Error('account module missing');
  return m.service;
}

/** Idempotent: safe on every start. The demo merchant accounts, then the demo shop once (./README.md). */
export async function seedDemo(booted: Booted): Promise<void> {
  await accountService(booted).ensureAdmins(DEMO_ADMINS);
  await seedDemoShop(booted);
}

/** Why the demo shop is not seeded now, or undefined when it is to be. */
async function reasonToSkip({ platform }: Booted): Promise<string | undefined> {
  const { config, sequelize } = platform;
  if (config.isProduction)
    return 'no demo shop in production (it needs the development login and sandbox payment)';
  if (config.payment.provider !== 'sandbox')
    return 'no demo shop: its orders are paid through PAY_PROVIDER=sandbox';
  const [{ n }] = await sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM catalog_products', {
    type: QueryTypes.SELECT,
  });
  if (Number(n) > 0)
    return 'demo shop not seeded: the catalog has products (an earlier seed or the shop’s own)';
  return undefined;
}

async function ownerLogin(api: ApiClient): Promise<Caller | undefined> {
  const owner = DEMO_ADMINS.find((a) => a.role === 'owner')!;
  try {
    const { token } = await api.call<{ token: string }>({ ip: OWNER_IP }, 'POST', '/api/admin/auth/login', {
      body: { username: owner.username, password: owner.password },
    });
    return { token, ip: OWNER_IP };
  } catch (e) {
    if (e instanceof ApiError && e.status < 500) return undefined;
    throw e;
  }
}

/**
 * The catalog, a store, three shoppers and their orders, made through the HTTP API of an app built from the
 * same platform and modules, so the data is exactly what a merchant and shoppers could have made.
 */
async function seedDemoShop(booted: Booted): Promise<void> {
  const log = booted.platform.logger.child({ part: 'demo-seed' });
  const skip = await reasonToSkip(booted);
  if (skip) {
    log.info(skip);
    return;
  }
  const started = Date.now();
  const api = await ApiClient.start(createApp(booted.platform, booted.modules));
  try {
    const owner = await ownerLogin(api);
    if (!owner) {
      log.warn('demo shop not seeded: the demo owner account (owner / owner123) cannot log in');
      return;
    }
    const { skuIds, productIds } = await seedCatalog(api, owner);
    const shoppers = await signInShoppers(api);
    await seedStore(api, owner, shoppers);
    const scheduler = createCronScheduler(booted);
    await seedOrders({
      api,
      owner,
      shoppers,
      skuIds,
      async runJob(name) {
        const run = await scheduler.runNow(name, { force: true });
        if (run.status !== 'done')
          throw new Error(`demo seed: cron job ${name} ended ${run.status}: ${run.error}`);
      },
    });
    // after the orders, so that the seeded orders keep the prices they were made with
    await seedMarketing(api, owner, shoppers);
    log.info({ products: productIds.length, ms: Date.now() - started }, 'demo shop seeded');
  } catch (e) {
    log.error(
      { err: e },
      'demo shop seeding failed part-way; remove the data folder (DATA_DIR) to seed again',
    );
    throw e;
  } finally {
    await api.close();
  }
}
