// UI tier: the Virtual Machines view in the real workbench against a real libvirtd
// (qemu:///system, made to answer by test/harness/runUi.mjs). A small TCG guest with a unique
// name and a serial console is defined and started here and removed afterwards, even when a
// test fails. What a person does and sees: the guest listed as running, its serial console in
// the terminal, and an edit of its definition that libvirt accepts but does not keep as written,
// with the "what libvirt changed" message and the difference.
// Screenshots: machines-view, machines-console, machines-xml-changed, machines-xml-diff.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { openWorkbench } from '../harness/workbench.mjs';
import { tcgDomainXml } from '../libvirt/guestXml.mjs';

const URI = process.env.VIRTKIT_TEST_LIBVIRT_URI ?? 'qemu:///system';
// Other sessions use the same daemon: a name nobody else has (as test/libvirt/guests.ts).
// Short, so that the view shows its state beside it.
const NAME = `vk-ui-${process.pid % 1000}-${Math.random().toString(36).slice(2, 8)}`;
// An element libvirt's domain format does not have: libvirt accepts the definition and drops it.
const UNKNOWN = '<blinkenlights/>';

/** virsh on the test daemon, with an argument list; throws with its stderr on failure. */
function virsh(...args) {
  const r = spawnSync('virsh', ['-c', URI, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LC_ALL: 'C.UTF-8' },
  });
  if (r.status !== 0) throw new Error(`virsh ${args.join(' ')}: ${r.error?.message ?? ''} ${r.stderr || r.stdout}`);
  return r.stdout;
}

describe('Virtual Machines view with a running guest on a real libvirtd', { timeout: 400_000 }, () => {
  let wb;
  let dir;
  let defined = false;

  before(async () => {
    if (process.env.VIRTKIT_TEST_LIBVIRT_ERROR)
      throw new Error(`libvirt is not available: ${process.env.VIRTKIT_TEST_LIBVIRT_ERROR}`);
    dir = mkdtempSync(join(tmpdir(), 'virtkit-ui-guest-'));
    // The QEMU process runs as libvirt-qemu: it must be able to reach the folder.
    chmodSync(dir, 0o755);
    const disk = join(dir, 'disk.qcow2');
    const made = spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M'], { timeout: 30_000 });
    assert.equal(made.status, 0, `qemu-img: ${made.stderr}`);
    writeFileSync(join(dir, 'domain.xml'), tcgDomainXml(NAME, disk));
    virsh('define', '--file', join(dir, 'domain.xml'));
    defined = true;
    virsh('start', '--domain', NAME);
    // The connections are a setting of scope `machine`: in this remote window VS Code reads them
    // from the remote machine's settings (never from the workspace). test:///default beside the
    // real daemon shows that the view lists what the setting says, not only its default.
    wb = await openWorkbench({
      machineSettings: { 'virtkit.libvirt.connections': [URI, 'test:///default'] },
      settings: {
        // The DOM renderer, so that the terminal's text can be read.
        'terminal.integrated.gpuAcceleration': 'off',
        // Typed XML goes in as typed: no suggestion list takes the keys.
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.suggestOnTriggerCharacters': false,
        // Submitted and kept side by side, whatever room the wider side bar leaves.
        'diffEditor.useInlineViewWhenSpaceIsLimited': false,
      },
    });
  });
  afterEach(async (t) => {
    if (t.passed === false) await wb?.screenshot(`failed-${t.name.replace(/\W+/g, '-').slice(0, 40)}`);
  });
  after(async () => {
    await wb?.close();
    // Removed whatever happened above: a guest left running would hold the shared daemon's CPU.
    if (defined) {
      try {
        virsh('destroy', '--domain', NAME);
      } catch {
        /* not running */
      }
      try {
        virsh('undefine', '--domain', NAME);
      } catch (e) {
        console.error(`could not undefine ${NAME}: ${e.message}`);
      }
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The tree row of the guest. */
  const guestRow = () => wb.page.locator('[role="treeitem"]', { hasText: NAME }).first();

  /** Runs an item of the guest's context menu, as a person does: right-click, point, click. */
  async function contextMenu(name) {
    const { page } = wb;
    await guestRow().click({ button: 'right' });
    const item = page.getByRole('menuitem', { name }).first();
    await item.hover();
    await item.click();
    // A menu opened a moment ago can let the first click pass; the item is focused by now. Only
    // a menu still open after a moment gets Enter: one that is closing would pass the key on to
    // the workbench, which ran the inline console action a second time with no domain.
    const menu = page.locator('.context-view .monaco-menu');
    const closed = await menu
      .waitFor({ state: 'hidden', timeout: 2_000 })
      .then(() => true)
      .catch(() => false);
    if (!closed) await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  it('lists the guest as running under the connection the setting names', async () => {
    const { page } = wb;
    await page.locator('.activitybar [aria-label^="VirtKit"]').first().click();
    // Concepts folded away, so the Virtual Machines view has the side bar's height.
    const concepts = page.locator('.pane-header', { hasText: 'Concepts' }).first();
    await concepts.waitFor({ timeout: 30_000 });
    if ((await concepts.getAttribute('aria-expanded')) === 'true') await concepts.click();
    const machines = page.locator('.pane-header', { hasText: 'Virtual Machines' }).first();
    if ((await machines.getAttribute('aria-expanded')) !== 'true') await machines.click();
    // Both connections of the setting, the real daemon's first.
    const connection = page.getByRole('treeitem', { name: URI, exact: true }).first();
    await connection.waitFor({ timeout: 60_000 });
    await page.getByRole('treeitem', { name: 'test:///default', exact: true }).first().waitFor();
    await connection.click();
    const domains = page.getByRole('treeitem', { name: /^Domains/ }).first();
    await domains.waitFor({ timeout: 60_000 });
    await domains.click();
    const row = guestRow();
    // The list renders only the rows in sight: with many guests of other sessions on the shared
    // daemon, type the name as a person would (the tree has the focus since the click above),
    // and the tree brings the guest into view.
    await row.waitFor({ timeout: 30_000 }).catch(async () => {
      await page.keyboard.type(NAME);
      await row.waitFor({ timeout: 30_000 });
      await page.keyboard.press('Escape');
    });
    // A wider side bar, as a person would drag it, so the state is not cut off.
    const bar = await page.locator('.part.sidebar').first().boundingBox();
    await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + 470, bar.y + bar.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.mouse.move(bar.x + 900, bar.y + bar.height - 40);
    const text = await row.textContent();
    assert.match(text, /running/, text);
    assert.match(text, /1 vCPUs/, text);
    assert.match(text, /128 MiB/, text);
    await row.click();
    await wb.screenshot('machines-view');
  });

  it('opens the serial console in the terminal from the context menu', async () => {
    const { page } = wb;
    await contextMenu('Open Serial Console');
    // virsh console itself runs in the terminal, named after the guest, and says it is attached.
    await page
      .locator('.xterm-rows', { hasText: `Connected to domain '${NAME}'` })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.ok(
      (await page.locator('.part.panel', { hasText: `Console: ${NAME}` }).count()) > 0,
      'the terminal is named after the guest',
    );
    await wb.screenshot('machines-console');
  });

  it('saves an edited definition and says what libvirt did not keep, with the difference', async () => {
    const { page } = wb;
    const before = virsh('dumpxml', '--inactive', '--domain', NAME);
    assert.doesNotMatch(before, /blinkenlights/);
    await contextMenu('Open Definition');
    const devices = page.locator('.monaco-editor .view-line', { hasText: '<devices>' }).first();
    await devices.waitFor({ timeout: 60_000 });
    // The libvirt: document shows what the host has: its <uuid> is there.
    await page.locator('.monaco-editor .view-line', { hasText: '<uuid>' }).first().waitFor();
    await page
      .locator('.tab', { hasText: `${NAME}.xml` })
      .first()
      .waitFor();
    // Add the unknown element as the first device: on the line after <devices>.
    await devices.click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type(`  ${UNKNOWN}`);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .view-line', { hasText: UNKNOWN }).first().waitFor();
    await page.keyboard.press('Control+S');
    // The harness starts the workbench with its smoke-test driver, and VS Code then shows no
    // notification toasts: the message is read where it also goes, the notifications list
    // (the bell in the status bar gets a dot).
    const bell = page.locator('.statusbar-item', { has: page.locator('.codicon-bell-dot') }).last();
    await bell.waitFor({ timeout: 60_000 });
    await bell.click();
    const notification = page
      .locator('.notifications-center .notification-list-item', { hasText: 'exactly as written' })
      .first();
    await notification.waitFor({ timeout: 10_000 });
    const message = await notification.textContent();
    assert.match(message, /1 element or attribute removed/, message);
    assert.ok(message.includes(NAME), message);
    // The save defined it: libvirt has the definition, without the element it dropped.
    const afterSave = virsh('dumpxml', '--inactive', '--domain', NAME);
    assert.doesNotMatch(afterSave, /blinkenlights/);
    assert.equal(await page.locator('.tab.dirty', { hasText: `${NAME}.xml` }).count(), 0, 'saved, not dirty');
    await wb.screenshot('machines-xml-changed');

    await notification.getByRole('button', { name: 'Show Difference' }).click();
    // Submitted (left, with the element) against what libvirt kept (right, without it).
    const diff = page.locator('.monaco-diff-editor').first();
    await diff.waitFor({ timeout: 30_000 });
    await diff.locator('.editor.original .view-line', { hasText: UNKNOWN }).first().waitFor({ timeout: 30_000 });
    assert.equal(await diff.locator('.editor.modified .view-line', { hasText: UNKNOWN }).count(), 0);
    await wb.screenshot('machines-xml-diff');
  });
});
