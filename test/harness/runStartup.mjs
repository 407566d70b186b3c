// Runs the startup suite (test/integration/startup.test.ts): a fresh window on a folder with
// nothing VirtKit serves, with the workbench's own defaults for chat and the secondary side bar
// (the test settings elsewhere switch them off; here they must be as a user has them, since
// the chat input is what activated VirtKit at startup before).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInWorkbench } from './runInWorkbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const testsPath = join(root, 'out/startup/index.js');
if (!existsSync(testsPath)) {
  console.error('[startup] out/startup/index.js is missing: run `node scripts/build.mjs --tests` first');
  process.exit(1);
}
console.log('[startup] a fresh window with default workbench settings, in headless Chromium');
const code = await runInWorkbench({
  label: 'startup',
  folder: join(root, 'test/fixtures/startup-workspace'),
  extensionPath: root,
  testsPath,
  server: {
    settings: { 'chat.disableAIFeatures': false, 'workbench.secondarySideBar.defaultVisibility': 'visible' },
  },
});
console.log(`[startup] exit code ${code}`);
process.exit(code);
