// UI tier: the host-check page's deeper sections in headless Chromium, without a workbench:
// the built page script (dist/media/host.js) gets a view message as the panel would send it.
// Proves the collapsible sections, the device lists built only when a group opens, the filter,
// the copy message, hostile names as text, and that hundreds of groups render quickly.
// The callbacks given to page.evaluate run in the page, where these globals exist.
/* global window, document, performance, Event */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium } from '../harness/server.mjs';
import { root, screenshotDir } from '../harness/workbench.mjs';

const HOSTILE = '<img src=x onerror=alert(1)> `rm -rf /`';

function device(address, name, driver, extra = {}) {
  return {
    address,
    classText: '[0300] VGA compatible controller',
    name,
    driverText: `driver ${driver}`,
    resetText: 'reset: bus',
    sriovText: null,
    sharedNote: null,
    hostdev: true,
    search: `${address} ${name} ${driver}`.toLowerCase(),
    ...extra,
  };
}

const THEME = `:root {
  --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: monospace; --vscode-foreground: #cccccc;
  --vscode-editor-background: #1f1f1f; --vscode-descriptionForeground: #9d9d9d;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff;
  --vscode-button-hoverBackground: #026ec1; --vscode-button-border: #ffffff12;
  --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-button-secondaryHoverBackground: #3c3c3c; --vscode-charts-green: #89d185;
  --vscode-testing-iconPassed: #73c991; --vscode-editorError-foreground: #f85149;
  --vscode-editorWarning-foreground: #cca700; --vscode-focusBorder: #0078d4;
  --vscode-input-background: #313131; --vscode-input-border: #3c3c3c;
  --vscode-input-foreground: #cccccc; --vscode-inputValidation-warningBackground: #352a05;
  --vscode-inputValidation-warningForeground: #cccccc; --vscode-panel-border: #2b2b2b;
  --vscode-textBlockQuote-background: #2b2b2b; --vscode-textCodeBlock-background: #2b2b2b;
  --vscode-textLink-foreground: #4daafc;
}
body { background: var(--vscode-editor-background); }`;

/** A view in the shape hostView.ts builds, with `extraGroups` filler groups after the real ones. */
function view(extraGroups = 0) {
  const groups = [
    {
      id: 1,
      title: 'Group 1',
      viable: 'yes',
      viableText: 'ready for VFIO',
      priority: true,
      devices: [
        device('0000:01:00.0', 'NVIDIA Corporation TU116 [GeForce GTX 1660] [10de:2184]', 'vfio-pci', {
          sharedNote: 'Shares group 1 with 1 other devices',
        }),
        device('0000:01:00.1', HOSTILE, 'vfio-pci'),
      ],
    },
    {
      id: 14,
      title: 'Group 14',
      viable: 'no',
      viableText: 'not ready: 0000:05:10.1 use a host driver',
      priority: true,
      devices: [device('0000:05:10.1', 'Intel Corporation I350 VF [8086:1520]', 'igbvf')],
    },
  ];
  for (let i = 0; i < extraGroups; i++) {
    const a = (n) =>
      `0000:${(20 + (i >> 5)).toString(16).padStart(2, '0')}:${(i & 31).toString(16).padStart(2, '0')}.${n}`;
    groups.push({
      id: 100 + i,
      title: `Group ${100 + i}`,
      viable: 'no',
      viableText: 'not ready',
      priority: false,
      devices: [0, 1, 2, 3].map((n) => device(a(n), `Filler ${i}.${n}`, 'xhci_hcd')),
    });
  }
  const labels = {
    title: 'Host virtualization check',
    machine: 'Machine',
    hints: 'What to do',
    unreadable: 'Could not read',
    source: 'Source',
    learnMore: 'Learn more',
    actions: { refresh: 'Refresh', copyMarkdown: 'Copy as Markdown', saveJson: 'Save as JSON' },
    probedAt: 'Checked at',
    copiedTreeLabel: 'Copied tree',
  };
  return {
    lang: 'en',
    labels,
    machine: 'host',
    probedAt: '2025-01-01T00:00:00.000Z',
    probedRoot: null,
    banner: null,
    verdict: { code: 'kvm-usable', level: 'ok', summary: 'KVM is usable.', hints: [] },
    sections: [],
    deep: {
      sections: [
        {
          id: 'passthrough',
          title: 'PCI passthrough: IOMMU groups and devices',
          rows: [{ label: 'IOMMU', value: 'on', state: 'yes' }],
          hints: ['Add `intel_iommu=on` to the kernel command line.'],
        },
        { id: 'memory', title: 'Memory: huge pages, KSM and NUMA', rows: [], hints: [] },
      ],
      passthrough: {
        groups,
        labels: {
          copyHostdev: 'Copy as libvirt <hostdev>',
          filter: 'Filter devices',
          filterPlaceholder: 'address, name, ID or driver',
          noMatch: 'No device matches.',
        },
      },
    },
    unreadable: [],
  };
}

describe('host-check page: passthrough and the other deeper sections', { timeout: 120_000 }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('dialog', (d) => void d.dismiss());
    await page.setContent('<!doctype html><html><body><main id="root"></main></body></html>');
    // What the webview provides: a postMessage to the host, recorded here.
    await page.evaluate(() => {
      window.__posted = [];
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), setState: () => undefined });
    });
    await page.addScriptTag({ path: join(root, 'dist/media/host.js') });
    // The panel's own stylesheet, with the theme variables VS Code would set (Dark Modern's
    // values), so the screenshots look like the panel.
    await page.addStyleTag({ path: join(root, 'media/host.css') });
    await page.addStyleTag({ content: THEME });
    await page.setViewportSize({ width: 1000, height: 760 });
    mkdirSync(screenshotDir, { recursive: true });
  });
  after(async () => {
    await browser?.close();
  });

  const show = (v) => page.evaluate((data) => window.postMessage({ type: 'view', view: data }, '*'), v);
  /** A screenshot of the page, for test-results/screenshots/. */
  const shot = (name) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });

  it('collapsible sections; device lists built on open; filter; copy; hostile names as text', async () => {
    await show(view());
    await page.waitForSelector('details.deep');
    const summaries = await page.locator('details.deep > summary').allTextContents();
    assert.deepEqual(summaries, ['PCI passthrough: IOMMU groups and devices', 'Memory: huge pages, KSM and NUMA']);
    assert.equal(await page.locator('details.deep[open]').count(), 2);
    assert.equal(await page.locator('details.deep code').first().textContent(), 'intel_iommu=on');
    // Groups are closed and their devices not built yet.
    assert.equal(await page.locator('details.group').count(), 2);
    assert.equal(await page.locator('li.device').count(), 0);
    await page.locator('details.group > summary').first().click();
    assert.equal(await page.locator('li.device').count(), 2);
    const text = await page.locator('main').innerText();
    assert.ok(text.includes(HOSTILE), 'the hostile name reads as text');
    assert.equal(await page.locator('main img, main script').count(), 0);
    assert.ok(text.includes('Shares group 1 with 1 other devices'));
    await shot('host-passthrough-group-open');
    // The copy button asks the host for that address only.
    await page.getByRole('button', { name: 'Copy as libvirt <hostdev>' }).first().click();
    assert.deepEqual(await page.evaluate(() => window.__posted.at(-1)), {
      type: 'copyHostdev',
      address: '0000:01:00.0',
    });
    // The filter hides groups and devices that do not match, and says when nothing does.
    const filter = page.getByRole('searchbox');
    await filter.fill('igbvf');
    assert.equal(await page.locator('details.group:not([hidden])').count(), 1);
    assert.equal(await page.locator('details.group:not([hidden]) > summary strong').textContent(), 'Group 14');
    await shot('host-passthrough-filtered');
    await filter.fill('10de:2184');
    assert.equal(await page.locator('li.device:not([hidden])').count(), 1);
    await filter.fill('no such device');
    assert.equal(await page.locator('details.group:not([hidden])').count(), 0);
    assert.equal(await page.locator('.no-match').isVisible(), true);
    await filter.fill('');
    assert.equal(await page.locator('details.group:not([hidden])').count(), 2);
  });

  it('the tool-stack section: collapsible, rows as text, the install command as code', async () => {
    const v = view();
    v.deep.sections.push({
      id: 'stack',
      title: 'Virtualization tools: QEMU, libvirt, firmware',
      rows: [
        { label: 'qemu-system-x86_64', value: `7.2.22 · /opt/${HOSTILE}/qemu-system-x86_64`, state: 'yes' },
        { label: 'swtpm', value: 'not installed (package swtpm)', state: 'no' },
      ],
      hints: ['Install what is missing: `sudo apt install swtpm`.'],
    });
    v.deep.passthrough = null;
    await show(v);
    await page.waitForSelector('details.deep-stack');
    const stack = page.locator('details.deep-stack');
    assert.equal(await stack.getAttribute('open'), '');
    assert.equal(await stack.locator('code').textContent(), 'sudo apt install swtpm');
    assert.ok((await stack.innerText()).includes(`/opt/${HOSTILE}/qemu-system-x86_64`), 'a path reads as text');
    assert.equal(await page.locator('main img, main script').count(), 0);
    await stack.locator('summary').click();
    assert.equal(await stack.getAttribute('open'), null, 'it closes like the other deeper sections');
  });

  it('500 groups of 4 devices render and filter quickly', async () => {
    await show(view(500));
    await page.waitForSelector('details.group >> nth=501');
    const ms = await page.evaluate(async () => {
      const start = performance.now();
      const input = document.querySelector('.passthrough input');
      input.value = 'filler 499.3';
      input.dispatchEvent(new Event('input'));
      return performance.now() - start;
    });
    assert.equal(await page.locator('details.group:not([hidden])').count(), 1);
    assert.equal(await page.locator('li.device').count(), 0, 'no group was opened, so no device list was built');
    assert.ok(ms < 1000, `filtering took ${ms} ms`);
    const renderMs = await page.evaluate((data) => {
      const start = performance.now();
      window.postMessage({ type: 'view', view: data }, '*');
      return new Promise((resolve) => setTimeout(() => resolve(performance.now() - start), 0));
    }, view(500));
    assert.ok(renderMs < 2000, `rendering took ${renderMs} ms`);
  });
});
