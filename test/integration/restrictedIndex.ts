// Entry point of the Restricted Mode run (test/harness/runRestricted.mjs): the same contract
// as index.ts, with only the restricted suite, in a window whose workspace is not trusted.
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'restricted', mocha);
  await import('./restricted.test');

  const stats = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() =>
      resolve({
        passes: runner.stats?.passes ?? 0,
        failures: runner.stats?.failures ?? 0,
        pending: runner.stats?.pending ?? 0,
      }),
    );
  });
  // Counts for the test command's closing summary (test/harness/summary.mjs).
  const countsDir = path.resolve(__dirname, '../../test-results/counts');
  mkdirSync(countsDir, { recursive: true });
  const counts = { passed: stats.passes, failed: stats.failures, skipped: stats.pending };
  writeFileSync(path.join(countsDir, 'restricted.json'), JSON.stringify(counts));
  console.log(`restricted: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  if (stats.failures > 0 || stats.passes === 0) throw new Error(`${stats.failures} restricted-mode test(s) failed`);
}
