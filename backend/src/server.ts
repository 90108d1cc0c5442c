import type { Server } from 'node:http';
import { boot } from './boot';
import { createApp } from './app';
import { accountService } from './seed/demo';

/** The api process: stateless, any number behind a load balancer. Migrates on start. */
export async function startApi(): Promise<{ server: Server; stop(): Promise<void> }> {
  const booted = await boot({ migrate: true });
  const { platform } = booted;
  const owner = platform.config.initialOwner;
  if (owner) {
    await accountService(booted).ensureAdmins([{ ...owner, displayName: '店主', role: 'owner' }]);
  }
  const app = createApp(platform, booted.modules);
  const server = app.listen(platform.config.port, platform.config.host);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  platform.logger.info({ port: platform.config.port }, 'api listening');
  return {
    server,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await platform.close();
    },
  };
}

if (require.main === module) {
  startApi()
    .then(({ stop }) => {
      const shutdown = () => void stop().then(() => process.exit(0));
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
