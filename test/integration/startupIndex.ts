// Entry point of the startup run (test/harness/runStartup.mjs): a fresh window with the
// workbench's default settings, where nothing of VirtKit is shown.
import { runMochaTier } from './mochaRun';

export function run(): Promise<void> {
  return runMochaTier('startup', async () => {
    await import('./startup.test');
  });
}
