import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { createPlatform } from '../platform';
import { buildModules } from '../modules';
import { collectRoutes, openApiDocument } from '../app';

/** Writes backend/openapi.json from the route registry (the admin generates its typed client from it). */
async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mall-openapi-'));
  const config = {
    ...loadConfig({
      ...process.env,
      DATABASE_URL: undefined,
      REDIS_URL: undefined,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    }),
  };
  const platform = await createPlatform({ config });
  try {
    const doc = openApiDocument(collectRoutes(platform, buildModules(platform)));
    const out = path.resolve(__dirname, '../../openapi.json');
    fs.writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`wrote ${out}`);
  } finally {
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
