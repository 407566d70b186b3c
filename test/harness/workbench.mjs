// Opens the real VS Code workbench (offline server + headless Chromium) with this extension
// loaded in development mode, for the UI tier. Screenshots go to test-results/screenshots/.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, startServer, workbenchUrl } from './server.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const workspace = join(root, 'test/fixtures/workspace');
export const screenshotDir = join(root, 'test-results/screenshots');

/**
 * Starts a server and a browser page showing the workbench; close() ends both.
 * `settings` go to the User settings, `machineSettings` to the remote machine's (see startServer).
 */
export async function openWorkbench({ width = 1400, height = 900, settings = {}, machineSettings } = {}) {
  mkdirSync(screenshotDir, { recursive: true });
  const server = await startServer({ settings, machineSettings });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width, height } });
  // A copy of the fixture folder: what the tests type can reach the disk (the workbench writes
  // edited files back when it closes), and the fixtures must stay as committed.
  const copy = mkdtempSync(join(tmpdir(), 'virtkit-ui-workspace-'));
  const folder = join(copy, 'workspace');
  cpSync(workspace, folder, { recursive: true });
  await page.goto(workbenchUrl(server, { folder, extensionPath: root }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  // The window title proves the extension is loaded for development, not installed.
  await page.waitForFunction("document.title.includes('Extension Development Host')", null, { timeout: 60_000 });
  return {
    page,
    async screenshot(name) {
      const path = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async close() {
      await browser.close();
      server.stop();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}

/** The inner document frame of the webview whose outer frame shows `title`, once it has `selector`. */
export async function webviewFrame(page, selector, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // frame navigated away while we looked
      }
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview frame has ${selector}`);
}

/**
 * Clicks an action of the Concepts view's title bar. With two views in the VirtKit container,
 * VS Code shows a pane's title actions only while the pane is hovered or focused, as a person
 * sees it: hover the title first.
 */
export async function clickConceptsAction(page, name) {
  await page.locator('.pane-header', { hasText: 'Concepts' }).first().hover();
  await page.getByRole('button', { name }).first().click();
}
