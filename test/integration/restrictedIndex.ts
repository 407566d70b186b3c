// Entry point of the Restricted Mode run (test/harness/runRestricted.mjs): the same contract
// as index.ts, with only the restricted suite, in a window whose workspace is not trusted.
import { runMochaTier } from './mochaRun';

export function run(): Promise<void> {
  return runMochaTier('restricted', async () => {
    await import('./restricted.test');
  });
}
