// Runs a tests module inside the real VS Code extension host: the offline VS Code server
// (see serverCache.mjs) opened in headless Chromium with the extension-development payload.
// The module's run() result comes back through codeAutomationExit; its console through
// codeAutomationLog. Shared by the integration, web, restricted and .vsix runners.
import { format } from 'node:util';
import { launchChromium, startServer, workbenchUrl } from './server.mjs';

// The workbench's own chatter, which says nothing about this extension.
const WORKBENCH_NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker)\]/;
const TIMEOUT_MS = Number(process.env.VIRTKIT_TEST_TIMEOUT_MS || 10 * 60_000);

/**
 * Opens `folder` with the development extension at `extensionPath` and runs `testsPath`
 * (which must lie inside that extension's folder: VS Code runs a tests module in the host of
 * the development extension that contains it). `onLine` sees every console line.
 * Resolves to the exit code: 0 when run() resolved.
 */
export async function runInWorkbench({
  label,
  folder,
  extensionPath,
  testsPath,
  extraPayload = [],
  server: serverOptions = {},
  onLine,
}) {
  const server = await startServer(serverOptions);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const exited = new Promise((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (WORKBENCH_NOISE.test(text)) return;
      onLine?.(text);
      if (type === 'error') console.error(text);
      else console.log(text);
    });
    await page.goto(workbenchUrl(server, { folder, extensionPath, testsPath, extraPayload }));
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') {
      console.error(`[${label}] no result within ${TIMEOUT_MS} ms`);
      console.error(server.output.join('').slice(-4000));
      return 1;
    }
    return code;
  } finally {
    await browser.close();
    server.stop();
  }
}
