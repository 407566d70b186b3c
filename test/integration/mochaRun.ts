// Runs mocha suites in the extension host and records the tier's counts for the test
// command's closing summary (test/harness/summary.mjs). Shared by index.ts and restrictedIndex.ts.
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** `load` imports the suite files once mocha's globals exist; rejects when a test failed. */
export async function runMochaTier(tier: string, load: () => Promise<void>): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The suites are bundled into the tests module, so they register through mocha's globals.
  mocha.suite.emit('pre-require', globalThis, tier, mocha);
  await load();
  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() =>
      resolve({
        passes: runner.stats?.passes ?? 0,
        failures: runner.stats?.failures ?? 0,
        pending: runner.stats?.pending ?? 0,
      }),
    );
  });
  const countsDir = path.resolve(__dirname, '../../test-results/counts');
  mkdirSync(countsDir, { recursive: true });
  const counts = { passed: stats.passes, failed: stats.failures, skipped: stats.pending };
  writeFileSync(path.join(countsDir, `${tier}.json`), JSON.stringify(counts));
  console.log(`${tier}: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  if (stats.failures > 0 || stats.passes === 0) throw new Error(`${stats.failures} ${tier} test(s) failed`);
}
