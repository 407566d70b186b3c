// UI tier: strings the machine reports reach the host-check page as text, never as markup.
// The probe reads test/fixtures/host-hostile, whose CPU model, kernel release and DMI strings
// are HTML and script payloads; the rendered DOM is inspected in the real webview.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, root, webviewFrame, clickConceptsAction } from '../harness/workbench.mjs';

const PAYLOADS = ['"><img src=x onerror=alert(1)></script><script>alert(2)</script>', '6.1.0-<svg/onload=alert(3)>'];

describe('hostile machine strings in the host-check page', { timeout: 180_000 }, () => {
  let wb;
  const dialogs = [];
  before(async () => {
    wb = await openWorkbench({ settings: { 'virtkit.hostCheck.root': join(root, 'test/fixtures/host-hostile') } });
    wb.page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows every payload as literal text and runs none of it', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="VirtKit"]').first().click();
    await clickConceptsAction(page, /^Check This Machine/);
    const frame = await webviewFrame(page, '.verdict .summary', 60_000);
    const text = await frame.locator('main').innerText();
    for (const p of PAYLOADS) assert.ok(text.includes(p), `the page shows ${p} as text, got: ${text.slice(0, 600)}`);
    // Nothing from the payloads became an element or an attribute.
    assert.equal(await frame.locator('main img, main svg, main script, main iframe').count(), 0);
    // Evaluated in the page: every attribute name of every element, keeping event handlers.
    const handlers = await frame.evaluate(
      "[...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on'))",
    );
    assert.deepEqual(handlers, []);
    assert.deepEqual(dialogs, [], 'no alert ran');
    await wb.screenshot('host-check-hostile');
  });
});
