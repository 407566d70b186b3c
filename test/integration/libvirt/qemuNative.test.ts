// "Show the QEMU Command Line libvirt Would Run" on a real libvirtd: a domain converted from a
// QEMU line by the API goes back to libvirt, whose command line opens as a shell document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VirtKitApi } from '../../../src/extension';
import { activateExtension, openDoc } from '../util';
import { libvirtUris } from './env';

const untitled = (language: string) =>
  vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.languageId === language).map((d) => d.getText());

describe('the QEMU command line libvirt would run', () => {
  let api: VirtKitApi;
  const config = () => vscode.workspace.getConfiguration('virtkit');
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    await config().update('libvirt.connections', [libvirtUris().local], vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('libvirt.connections', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('asks libvirt for the open domain and opens its answer', async () => {
    const { xml } = await api.qemuToLibvirt(
      'qemu-system-x86_64 -M pc -m 256 -smp 2 -drive file=/var/tmp/x.qcow2,if=virtio,format=qcow2',
    );
    await vscode.window.showTextDocument(await openDoc(xml, 'xml'));
    const before = untitled('shellscript').length;
    await vscode.commands.executeCommand('virtkit.qemu.showNativeCommandLine');
    const opened = untitled('shellscript').slice(before);
    assert.equal(opened.length, 1);
    assert.match(opened[0], /qemu-system-x86_64/);
    assert.match(opened[0], /-smp 2\b/);
    assert.match(opened[0], /virtio-blk-pci/);
  });

  it('opens nothing for a document that is not a domain', async () => {
    await vscode.window.showTextDocument(await openDoc('<network><name>n</name></network>\n', 'xml'));
    const before = untitled('shellscript').length;
    await vscode.commands.executeCommand('virtkit.qemu.showNativeCommandLine');
    assert.equal(untitled('shellscript').length, before);
  });
});
