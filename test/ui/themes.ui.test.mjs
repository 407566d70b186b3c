// UI tier: the article and the host check in a light, a dark and a high-contrast theme, and
// the article used with the keyboard alone. Screenshots: article-<theme>.png, host-check-<theme>.png.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openWorkbench, webviewFrame, clickConceptsAction } from '../harness/workbench.mjs';

const THEMES = [
  ['light', 'Default Light Modern'],
  ['dark', 'Default Dark Modern'],
  ['high-contrast', 'Default High Contrast'],
];

/** The page's background and text colours, as the browser computed them. */
const colours = (frame) =>
  frame.evaluate('(() => { const s = getComputedStyle(document.body); return [s.backgroundColor, s.color]; })()');

describe('themes and keyboard', { timeout: 400_000 }, () => {
  const seen = {};
  let wb;
  after(async () => {
    await wb?.close();
  });

  for (const [name, theme] of THEMES) {
    it(`renders the article and the host check in the ${name} theme`, async () => {
      await wb?.close();
      wb = await openWorkbench({ settings: { 'workbench.colorTheme': theme } });
      const { page } = wb;
      await page.locator('.activitybar [aria-label^="VirtKit"]').first().click();
      await page
        .getByRole('treeitem', { name: /^Hardware assistance/ })
        .first()
        .click();
      const item = page.getByRole('treeitem', { name: /^Extended Page Tables/ }).first();
      await item.click();
      const article = await webviewFrame(page, 'h1:text-is("Extended Page Tables (EPT)")', 30_000);
      seen[name] = await colours(article);
      await wb.screenshot(`article-${name}`);
      await clickConceptsAction(page, /^Check This Machine/);
      await webviewFrame(page, '.verdict .summary', 60_000);
      await wb.screenshot(`host-check-${name}`);
    });
  }

  it('takes its colours from the theme: each theme gives the page different colours', () => {
    const distinct = new Set(Object.values(seen).map((c) => c.join('|')));
    assert.equal(distinct.size, THEMES.length, JSON.stringify(seen));
  });

  it('works with the keyboard alone: Tab to a related concept, Enter opens it, Alt+Left goes back', async () => {
    const { page } = wb;
    await page.locator('.tab', { hasText: 'Extended Page Tables' }).first().click();
    const frame = await webviewFrame(page, 'h1:text-is("Extended Page Tables (EPT)")', 30_000);
    await frame.locator('h1').click();
    let focused = '';
    for (let i = 0; i < 60 && !focused.startsWith('concept:'); i++) {
      await page.keyboard.press('Tab');
      focused = await frame.evaluate(
        "(() => { const a = document.activeElement; return a && a.dataset && a.dataset.concept ? 'concept:' + a.textContent : '' })()",
      );
    }
    assert.ok(focused.startsWith('concept:'), 'Tab reaches a related-concept link');
    const target = focused.slice('concept:'.length);
    await page.keyboard.press('Enter');
    const next = await webviewFrame(page, `h1:text-is(${JSON.stringify(target)})`, 30_000);
    await next.locator('h1').click();
    await page.keyboard.press('Alt+ArrowLeft');
    await webviewFrame(page, 'h1:text-is("Extended Page Tables (EPT)")', 30_000);
  });
  it('shows the article and the host check in Chinese when virtkit.language is zh-cn', async () => {
    await wb?.close();
    wb = await openWorkbench({ settings: { 'virtkit.language': 'zh-cn' } });
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="VirtKit"]').first().click();
    // Categories and concepts show the Chinese name first, the English one as description.
    await page
      .getByRole('treeitem', { name: /^硬件辅助虚拟化/ })
      .first()
      .click();
    await page
      .getByRole('treeitem', { name: /^扩展页表/ })
      .first()
      .click();
    const article = await webviewFrame(page, 'h1:text-is("扩展页表（EPT）")', 30_000);
    assert.equal(await article.locator('.other-name').textContent(), 'Extended Page Tables (EPT)');
    await wb.screenshot('article-zh');
    await clickConceptsAction(page, /^Check This Machine/);
    const host = await webviewFrame(page, 'h1:text-is("主机虚拟化检查")', 60_000);
    assert.ok((await host.locator('h2').allTextContents()).includes('嵌套虚拟化'));
    await wb.screenshot('host-check-zh');
  });
});
