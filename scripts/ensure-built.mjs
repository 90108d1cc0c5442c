// Builds whatever the embedded mall needs and is missing (first start on a fresh clone).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const steps = [
  ['migrations/dist/index.js', 'npm run build -w migrations'],
  ['backend/dist/embedded.js', 'npm run build -w backend'],
  ['taro-app/dist-h5/index.html', 'npm run build:h5 -w taro-app'],
  ['admin/dist/index.html', 'npm run build -w admin'],
];

export function ensureBuilt() {
  for (const [artifact, command] of steps) {
    if (existsSync(path.join(root, artifact))) continue;
    console.log(`> ${artifact} is missing: ${command}`);
    execSync(command, { cwd: root, stdio: 'inherit' });
  }
}
