// `npm start`: runs the extension for a person.
//  - With desktop VS Code's `code` on PATH: opens a window with the extension loaded from
//    this folder (Extension Development Host).
//  - Otherwise: starts the local VS Code server from the test cache with the extension
//    loaded, and prints the URL to open in a browser. Ctrl-C stops it.
import { execFileSync, spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, workbenchUrl } from '../test/harness/server.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const folder = resolve(process.argv[2] ?? join(root, 'test/fixtures/workspace'));

execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

function hasCode() {
  try {
    execFileSync('code', ['--version'], { stdio: 'ignore', timeout: 15_000 });
    return true;
  } catch {
    return false;
  }
}

if (hasCode() && process.env.VIRTKIT_USE_SERVER !== '1') {
  console.log(`Opening VS Code with the extension from ${root}`);
  spawn('code', ['--new-window', `--extensionDevelopmentPath=${root}`, folder], { stdio: 'inherit' });
} else {
  console.log(
    'Desktop VS Code (`code`) not found: starting the local VS Code server (first run installs it, a few minutes)…',
  );
  const server = await startServer({ settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
  const url = workbenchUrl(server, { folder, extensionPath: root });
  console.log(`\nVS Code with VirtKit is running. Open this URL in a browser:\n\n  ${url}\n\nPress Ctrl-C to stop.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
