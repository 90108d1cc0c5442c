// One closing line for all suites: the jest JSON results and the browser tests' TAP counts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './ensure-built.mjs';

const dir = path.join(root, '.test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const f of existsSync(dir) ? readdirSync(dir) : []) {
  const text = readFileSync(path.join(dir, f), 'utf8');
  if (f.endsWith('.json')) {
    const r = JSON.parse(text);
    passed += r.numPassedTests;
    failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
    skipped += r.numPendingTests + (r.numTodoTests ?? 0);
    console.log(
      `${f}: ${r.numPassedTests} passed, ${r.numFailedTests} failed (${r.numTotalTestSuites} suites)`,
    );
  } else if (f.endsWith('.tap')) {
    const n = (k) => Number(new RegExp(`^# ${k} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
    passed += n('pass');
    failed += n('fail') + n('cancelled');
    skipped += n('skipped') + n('todo');
    console.log(`${f}: ${n('pass')} passed, ${n('fail')} failed`);
  }
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
