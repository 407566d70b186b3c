// The packaged extension installs into VS Code and works: builds the .vsix as `npm run
// package` does, installs it with the VS Code server's own --install-extension into a fresh
// extensions folder, and runs test/vsix/tester/tests.js next to it in the real extension host.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCounts } from './counts.mjs';
import { runInWorkbench } from './runInWorkbench.mjs';
import { ensureServer } from './serverCache.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const scratch = mkdtempSync(join(tmpdir(), 'virtkit-vsix-'));
const vsix = join(scratch, 'virtkit.vsix');
const extensionsDir = join(scratch, 'virtkit-vsix-extensions');
try {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--production'], { stdio: 'inherit' });
  execFileSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '-o', vsix], {
    cwd: root,
    stdio: 'ignore',
    timeout: 120_000,
  });
  const server = ensureServer();
  const installed = execFileSync(
    server.node,
    [
      server.serverMain,
      '--install-extension',
      vsix,
      '--extensions-dir',
      extensionsDir,
      '--accept-server-license-terms',
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  console.log(`[vsix] ${installed.trim().split('\n').pop()}`);
  const tester = join(root, 'test/vsix/tester');
  const code = await runInWorkbench({
    label: 'vsix',
    folder: join(root, 'test/fixtures/workspace'),
    extensionPath: tester,
    testsPath: join(tester, 'tests.js'),
    server: { extensionsDir },
    onLine: (text) => {
      const m = /^vsix: (\d+) passed, (\d+) failed/.exec(text);
      if (m) recordCounts('vsix', { passed: +m[1], failed: +m[2] });
    },
  });
  console.log(`[vsix] exit code ${code}`);
  process.exitCode = code;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
