// `npm run test:e2e`: starts the embedded mall with demo data on a free port and a fresh data folder, then
// runs the browser tests of the shop and the admin against it (node's test runner, Debian's Chromium).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, readdirSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureBuilt, root } from './ensure-built.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitHealthy(url, server, ms = 60000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('server did not become healthy');
}

ensureBuilt();
const port = await freePort();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'mall-e2e-'));
const url = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  PORT: String(port),
  DATA_DIR: dataDir,
  NODE_ENV: 'development',
  LOG_LEVEL: 'warn',
};
delete env.DATABASE_URL;
delete env.REDIS_URL;
const server = spawn(process.execPath, [path.join(root, 'backend/dist/embedded.js')], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
let code = 1;
try {
  await waitHealthy(url, server);
  const files = ['taro-app/e2e', 'admin/e2e'].flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .filter((f) => f.endsWith('.e2e.ts'))
      .map((f) => path.join(dir, f)),
  );
  mkdirSync(path.join(root, '.test-results'), { recursive: true });
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap'];
  const tap = `--test-reporter-destination=${path.join(root, '.test-results/e2e.tap')}`;
  const tests = spawn(
    process.execPath,
    ['--import', 'tsx', '--test', '--test-concurrency=1', ...reporters, tap, ...files],
    {
      cwd: root,
      env: { ...process.env, MALL_URL: url },
      stdio: 'inherit',
    },
  );
  code = await new Promise((resolve) => tests.on('exit', (c) => resolve(c ?? 1)));
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
