import type Koa from 'koa';
import request from 'supertest';
import { loadConfig, type Config } from '../../src/config';
import { createApp, collectRoutes } from '../../src/app';
import { createPlatform, type Platform } from '../../src/platform';
import { buildModules } from '../../src/modules';
import type { MallModule } from '../../src/platform/module';
import type { RouteDef } from '../../src/platform/http/route';
import type { AdminRole } from '../../src/platform/http/access';
import { prepareTestDatabase } from './db';

export interface TestApp {
  platform: Platform;
  modules: MallModule[];
  routes: RouteDef[];
  app: Koa;
  http: ReturnType<typeof request>;
  /** a distinct client IP per call, through the trusted-proxy header, so rate limits see many clients */
  nextIp(): string;
  adminToken(role: AdminRole): Promise<string>;
  shopperToken(opts?: { openid?: string; acceptPrivacy?: boolean }): Promise<{ token: string; id: number }>;
  close(): Promise<void>;
}

export const TEST_ADMIN_PASSWORD = 'test-password-1';

/** A fresh database and drivers for this test file, with the whole app on top (no listen). */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const config = { ...loadConfig(), ...overrides };
  const sequelize = await prepareTestDatabase(config);
  await sequelize.close();
  const platform = await createPlatform({ config });
  let modules: MallModule[];
  let app: Koa;
  try {
    if (platform.drivers.redis) await platform.drivers.redis.flushdb();
    modules = buildModules(platform);
    for (const m of modules) await m.init?.();
    app = createApp(platform, modules);
  } catch (e) {
    await platform.close();
    throw e;
  }
  const server = app.callback();
  const http = request(server);
  let ipCounter = 0;
  const nextIp = () => {
    ipCounter++;
    return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
  };
  const accounts = modules.find((m) => m.name === 'account') as unknown as {
    service: import('../../src/modules/account/service').AccountService;
  };
  const adminTokens = new Map<AdminRole, string>();
  return {
    platform,
    modules,
    routes: collectRoutes(platform, modules),
    app,
    http,
    nextIp,
    async adminToken(role) {
      const cached = adminTokens.get(role);
      if (cached) return cached;
      const username = `t-${role}`;
      await accounts.service.ensureAdmins([
        { username, displayName: `测试${role}`, password: TEST_ADMIN_PASSWORD, role },
      ]);
      const res = await http
        .post('/api/admin/auth/login')
        .set('X-Forwarded-For', nextIp())
        .send({ username, password: TEST_ADMIN_PASSWORD })
        .expect(200);
      adminTokens.set(role, res.body.data.token);
      return res.body.data.token as string;
    },
    async shopperToken(opts = {}) {
      const res = await http
        .post('/api/shop/auth/dev-login')
        .set('X-Forwarded-For', nextIp())
        .send(opts.openid ? { openid: opts.openid } : {})
        .expect(200);
      const token = res.body.data.token as string;
      if (opts.acceptPrivacy !== false) {
        const guide = await http.get('/api/shop/privacy').expect(200);
        await http
          .post('/api/shop/privacy/accept')
          .set('Authorization', `Bearer ${token}`)
          .send({ version: guide.body.data.version })
          .expect(200);
      }
      return { token, id: res.body.data.shopper.id as number };
    },
    close: () => platform.close(),
  };
}
