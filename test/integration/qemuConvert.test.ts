// The QEMU → libvirt command and API in the real extension host: the command on the line under
// the cursor opens the XML and the report; on text without a QEMU line it opens nothing; the
// API converts and rejects non-QEMU text.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VirtKitApi } from '../../src/extension';
import { activateExtension, openDoc, positionOf } from './util';

const LINE =
  'qemu-system-x86_64 -enable-kvm -m 2G -smp 2 -drive file=/vm/disk.qcow2,if=virtio,format=qcow2 -netdev user,id=n0,hostfwd=tcp::2222-:22 -device virtio-net-pci,netdev=n0 -monitor stdio -device sga';

const untitledTexts = () =>
  vscode.workspace.textDocuments
    .filter((d) => d.isUntitled)
    .map((d) => ({ language: d.languageId, text: d.getText() }));

describe('QEMU → libvirt conversion', () => {
  let api: VirtKitApi;
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the command converts the command line under the cursor: XML beside, report beside', async () => {
    const doc = await openDoc(
      `#!/bin/sh\necho starting\n${LINE.replace(' -smp', ' \\\n  -smp')}\necho done\n`,
      'shellscript',
    );
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, '-smp');
    editor.selection = new vscode.Selection(at, at);
    const before = untitledTexts().length;
    await vscode.commands.executeCommand('virtkit.qemu.convertToLibvirt');
    const opened = untitledTexts().slice(before);
    const xml = opened.find((d) => d.language === 'xml');
    const report = opened.find((d) => d.language === 'markdown');
    assert.ok(xml && report, JSON.stringify(opened.map((d) => d.language)));
    assert.match(xml.text, /<domain type='kvm' xmlns:qemu=/);
    assert.match(xml.text, /<vcpu placement='static'>2<\/vcpu>/);
    assert.match(xml.text, /<qemu:arg value='sga'\/>/);
    assert.match(report.text, /hostfwd/);
    assert.match(report.text, /-monitor stdio/);
  });

  it('opens nothing and says so on text without a QEMU command line', async () => {
    const doc = await openDoc('ls -la\nvirsh list --all\n', 'shellscript');
    await vscode.window.showTextDocument(doc);
    const before = untitledTexts().length;
    await vscode.commands.executeCommand('virtkit.qemu.convertToLibvirt');
    assert.equal(untitledTexts().length, before);
  });

  it('the API converts, lists unmapped options with reasons, and rejects other text', async () => {
    const r = await api.qemuToLibvirt(LINE);
    assert.match(r.xml, /<memory unit='KiB'>2097152<\/memory>/);
    const options = r.unmapped.map((u) => u.option);
    assert.ok(options.includes('-monitor stdio'), options.join(' | '));
    assert.ok(r.unmapped.every((u) => u.reason.length > 0));
    await assert.rejects(api.qemuToLibvirt('echo hello'));
  });
});
