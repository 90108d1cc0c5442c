// Platform overhead per request: JWT check, cached account status, validation and envelope, on the
// embedded app (SQLite, memory drivers), served in this process and loaded by autocannon over loopback.
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { boot, createApp } from '@mall/backend';

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mall-bench-'));
process.env.DATA_DIR = dataDir;
process.env.LOG_LEVEL = 'silent';
delete process.env.DATABASE_URL;
delete process.env.REDIS_URL;

const booted = await boot({ migrate: true });
const server = createApp(booted.platform, booted.modules).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const { port } = server.address() as { port: number };
const base = `http://127.0.0.1:${port}`;
const login = (await (
  await fetch(`${base}/api/shop/auth/dev-login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  })
).json()) as { data: { token: string } };

async function run(name: string, url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 50, duration, headers });
  return {
    name,
    requestsPerSec: Math.round(r.requests.average),
    p99Ms: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}

const results = [
  await run('health', `${base}/api/health`),
  await run('shop-me-authenticated', `${base}/api/shop/me`, { authorization: `Bearer ${login.data.token}` }),
];
console.log(
  JSON.stringify({ bench: 'http-platform', cores: os.cpus().length, durationSeconds: duration, results }),
);
server.close();
await booted.platform.close();
fs.rmSync(dataDir, { recursive: true, force: true });
