// Runs the unit tier (out/unit/*.unit.test.js: pure modules, no VS Code) with mocha and
// records its counts for the closing summary (test/harness/summary.mjs).
import Mocha from 'mocha';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordCounts, root } from './counts.mjs';

const dir = join(root, 'out/unit');
// Same settings as .mocharc.unit.json, which `npx mocha out/unit/<file>.js` uses for one file.
const { reporter, timeout } = JSON.parse(readFileSync(join(root, '.mocharc.unit.json'), 'utf8'));
const mocha = new Mocha({ reporter, timeout });
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.unit.test.js'))
  .sort())
  mocha.addFile(join(dir, f));
const runner = mocha.run((failures) => {
  const { passes = 0, pending = 0 } = runner.stats ?? {};
  recordCounts('unit', { passed: passes, failed: failures, skipped: pending });
  process.exitCode = failures > 0 || passes === 0 ? 1 : 0;
});
