// Entry point of the integration tier: VS Code (desktop through @vscode/test-electron, or
// the offline server) loads this module in the extension host and calls run().
import Mocha from 'mocha';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // The suites are bundled into this file, so they register through mocha's globals.
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./activation.test');
  await import('./concepts.test');
  await import('./hover.test');
  await import('./hostCheck.test');
  await import('./reference.test');
  await import('./snippetsValidation.test');
  await import('./hostile.test');
  if (process.env.VIRTKIT_DELIBERATE_FAILURE === '1') await import('./deliberateFailure.test');

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
  writeFileSync(path.join(countsDir, 'integration.json'), JSON.stringify(counts));
  console.log(`integration: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  if (stats.failures > 0 || stats.passes === 0) throw new Error(`${stats.failures} integration test(s) failed`);
}
