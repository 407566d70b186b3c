// Starts and stops the offline VS Code server (see serverCache.mjs) for the integration and
// UI tiers, and launches Debian's Chromium against it.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ensureServer } from './serverCache.mjs';

export const CHROMIUM = process.env.VIRTKIT_CHROMIUM || '/usr/bin/chromium';

const WORKBENCH_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`VS Code server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`VS Code server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * Starts a VS Code server on a free loopback port with fresh user, server and extension
 * folders. Returns its base URL and a stop() that ends it and its children.
 * `extensionsDir`: where installed extensions live (default: a fresh empty folder).
 * `trust`: workspace trust is on (no --disable-workspace-trust, and the setting enabled), so
 * a folder opens in Restricted Mode until it is trusted.
 * `machineSettings`: the remote machine's settings (Machine/settings.json). The workbench is a
 * remote window of this server, and VS Code applies settings of scope `machine` (such as
 * `virtkit.libvirt.connections`) there only, not from the User settings.
 */
export async function startServer({
  quiet = true,
  extraArgs = [],
  settings = {},
  machineSettings,
  trust = false,
  extensionsDir,
} = {}) {
  const paths = ensureServer();
  const port = await freePort();
  const scratch = mkdtempSync(join(tmpdir(), 'virtkit-vscode-'));
  // A quiet, predictable workbench: no welcome page, no chat side bar, fixed theme.
  mkdirSync(join(scratch, 'user', 'User'), { recursive: true });
  writeFileSync(
    join(scratch, 'user', 'User', 'settings.json'),
    JSON.stringify(
      { ...WORKBENCH_SETTINGS, ...(trust ? { 'security.workspace.trust.enabled': true } : {}), ...settings },
      null,
      2,
    ),
  );
  if (machineSettings) {
    mkdirSync(join(scratch, 'user', 'Machine'), { recursive: true });
    writeFileSync(join(scratch, 'user', 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 2));
  }
  const args = [
    paths.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    ...(trust ? [] : ['--disable-workspace-trust']),
    '--enable-smoke-test-driver',
    '--user-data-dir',
    join(scratch, 'user'),
    '--server-data-dir',
    join(scratch, 'server'),
    '--extensions-dir',
    extensionsDir ?? join(scratch, 'extensions'),
    ...extraArgs,
  ];
  // detached: the server gets its own process group, so stop() can end its extension hosts too.
  const child = spawn(paths.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  for (const s of [child.stdout, child.stderr]) {
    s.on('data', (d) => {
      output.push(String(d));
      if (!quiet) process.stderr.write(`[server] ${d}`);
    });
  }
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${base}/`, child, 60_000);
  } catch (e) {
    stop();
    throw new Error(`${e.message}\n${output.join('')}`);
  }
  return { base, port, stop, output };
}

/** Headless Debian Chromium, with the flags that keep it quiet on a closed network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** The workbench URL that opens `folder` with this extension in development mode. */
export function workbenchUrl(server, { folder, extensionPath, testsPath, extraPayload = [] }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [['extensionDevelopmentPath', remote(extensionPath)], ...extraPayload];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
