// Runs the integration suite (out/integration/index.js) inside a real VS Code extension host.
//  - A desktop VS Code, when one is available: VIRTKIT_VSCODE_EXECUTABLE, a known install
//    path, or VIRTKIT_TEST_DOWNLOAD=1 to let @vscode/test-electron download one.
//  - Otherwise, offline: the VS Code server from the code-server npm package, opened in
//    headless Chromium with the extension-development payload; the suite reports its exit
//    code through codeAutomationExit.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { recordCounts } from './counts.mjs';
import { runInWorkbench } from './runInWorkbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// --web: the same suites in the web worker extension host (the extension's `browser` entry).
const web = process.argv.includes('--web');
// VS Code runs a tests module in the extension host of the development extension whose
// folder contains it, so the web suite sits inside the web-only copy of the extension.
const testsPath = join(root, web ? 'out/web-extension/tests/index.js' : 'out/integration/index.js');
const workspace = join(root, 'test/fixtures/workspace');

function desktopVsCode() {
  const candidates = [
    process.env.VIRTKIT_VSCODE_EXECUTABLE,
    '/usr/share/code/code',
    '/usr/lib/code/code',
    '/Applications/Visual Studio Code.app/Contents/MacOS/Electron',
    process.env.LOCALAPPDATA && join(process.env.LOCALAPPDATA, 'Programs/Microsoft VS Code/Code.exe'),
  ];
  return candidates.find((p) => p && existsSync(p));
}

async function runDesktop(executable) {
  const { runTests } = await import('@vscode/test-electron');
  console.log(`[integration] desktop VS Code: ${executable ?? 'downloaded by @vscode/test-electron'}`);
  await runTests({
    ...(executable ? { vscodeExecutablePath: executable } : {}),
    extensionDevelopmentPath: root,
    extensionTestsPath: testsPath,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
  return 0;
}

/**
 * The extension as VS Code for the Web sees it: the manifest without its Node `main`, so only
 * the `browser` entry can load. (This server build does not act on extensionDevelopmentKind
 * for an extension that has both entries; with only `browser` it runs in the web worker.)
 * The other files are links to the real ones.
 */
function webOnlyExtension() {
  const dir = join(root, 'out/web-extension');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  delete manifest.main;
  // Without `main`, the kinds VS Code derives from the entries say "web"; a declared
  // extensionKind would send it to the remote host, where it has nothing to run.
  delete manifest.extensionKind;
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const f of ['dist', 'media', 'snippets', 'data', 'l10n', 'package.nls.json', 'package.nls.zh-cn.json']) {
    symlinkSync(join(root, f), join(dir, f));
  }
  cpSync(join(root, 'out/web'), join(dir, 'tests'), { recursive: true });
  return dir;
}

async function runOffline() {
  console.log(
    `[integration] no desktop VS Code here: using the offline VS Code server in headless Chromium${web ? ' (web worker extension host)' : ''}`,
  );
  return runInWorkbench({
    label: 'integration',
    folder: workspace,
    extensionPath: web ? webOnlyExtension() : root,
    testsPath,
    extraPayload: web ? [['extensionDevelopmentKind', 'web']] : [],
    onLine: (text) => {
      // The web worker cannot write files: its counts come through the console.
      const counted = /^web: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(text);
      if (counted) recordCounts('web', { passed: +counted[1], failed: +counted[2], skipped: +counted[3] });
    },
  });
}

const executable = web ? undefined : desktopVsCode();
const code =
  executable || (!web && process.env.VIRTKIT_TEST_DOWNLOAD === '1')
    ? await runDesktop(executable).catch((e) => (console.error(e), 1))
    : await runOffline();
console.log(`[integration${web ? ' (web)' : ''}] exit code ${code}`);
process.exit(code);
