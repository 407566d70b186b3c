// Runs the Restricted Mode suite (test/integration/restricted.test.ts) in a real VS Code
// extension host with workspace trust ON, on a folder that is never trusted
// (test/fixtures/hostile/restricted-workspace): the offline VS Code server in headless
// Chromium, as in runIntegration.mjs, started without --disable-workspace-trust.
// Its tests module (test/integration/restrictedIndex.ts → out/restricted/index.js) comes from
// `node scripts/build.mjs --tests`.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInWorkbench } from './runInWorkbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const testsPath = join(root, 'out/restricted/index.js');
const workspace = join(root, 'test/fixtures/hostile/restricted-workspace');

// Trust stays off for this folder: no prompt at startup (the folder simply opens restricted),
// and nothing else that would ask.
const TRUST_SETTINGS = {
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'never',
  'security.workspace.trust.untrustedFiles': 'open',
  'security.workspace.trust.emptyWindow': false,
};

if (!existsSync(testsPath)) {
  console.error('[restricted] out/restricted/index.js is missing: run `node scripts/build.mjs --tests` first');
  process.exit(1);
}

console.log('[restricted] offline VS Code server with workspace trust on, in headless Chromium');
const code = await runInWorkbench({
  label: 'restricted',
  folder: workspace,
  extensionPath: root,
  testsPath,
  server: { trust: true, settings: TRUST_SETTINGS },
});
console.log(`[restricted] exit code ${code}`);
process.exit(code);
