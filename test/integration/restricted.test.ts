// Restricted Mode: run by test/harness/runRestricted.mjs in a window with workspace trust on,
// opened on test/fixtures/hostile/restricted-workspace, which is never trusted. The manifest
// declares `untrustedWorkspaces: { supported: 'limited' }` with the executable setting
// `virtkit.validation.virtXmlValidatePath` restricted: everything works, and that setting's
// workspace value (a bogus path) is ignored, so virt-xml-validate is the one on PATH.
// Only `vscode` and the test helpers are imported here: this bundle cannot resolve
// `virtkit:content` (see runRestricted.mjs).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, hoverText, openDoc, positionOf, waitFor, webviewTabs } from './util';

const BOGUS_PATH = '/nonexistent/virtkit-bogus/virt-xml-validate';

const INVALID_DOMAIN = `<domain type='kvm'>
  <name>restricted</name>
  <memory unit='MiB'>1024</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <nonsense/>
  </devices>
</domain>
`;

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a folder is open');
  return folder;
}

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);

  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('runs in an untrusted workspace: the fixture folder, not trusted', () => {
    assert.equal(path.basename(workspaceFolder().uri.path), 'restricted-workspace');
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('activates there', () => {
    const ext = vscode.extensions.getExtension('virtkit.virtkit');
    assert.ok(ext?.isActive, 'the extension is active');
    assert.equal(ext.packageJSON.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });

  it('reads the workspace settings, but not the restricted executable path', () => {
    const config = vscode.workspace.getConfiguration('virtkit', workspaceFolder().uri);
    // The same file's unrestricted setting applies: the file is read.
    assert.equal(config.get('language'), 'zh-cn');
    const inspected = config.inspect<string>('validation.virtXmlValidatePath');
    assert.notEqual(config.get('validation.virtXmlValidatePath'), BOGUS_PATH, JSON.stringify(inspected));
  });

  it('validates with virt-xml-validate from PATH, ignoring the bogus workspace path', async () => {
    const doc = await openDoc(INVALID_DOMAIN, 'xml');
    const result = await vscode.commands.executeCommand<{ status: string }>('virtkit.validateXml');
    // With the bogus path the tool would be missing ('tool-missing'): it was not used.
    assert.equal(result?.status, 'invalid', JSON.stringify(result));
    const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'virt-xml-validate');
    assert.ok(diagnostics.length > 0, 'problems are reported');
  });

  it('hovers terms (in the workspace language setting), libvirt XML and QEMU options', async () => {
    const notes = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'notes.md'));
    await vscode.window.showTextDocument(notes);
    assert.match(await hoverText(notes, positionOf(notes, 'hypervisor', 2)), /\*\*Hypervisor（虚拟机监控器/);
    const xml = await openDoc(INVALID_DOMAIN, 'xml');
    assert.match(await hoverText(xml, positionOf(xml, '<memory', 2)), /`<memory>`/);
    const sh = await openDoc('qemu-system-x86_64 -enable-kvm -device vfio-pci,host=01:00.0\n', 'shellscript');
    assert.match(await hoverText(sh, positionOf(sh, 'vfio-pci', 2)), /`vfio-pci`/);
  });

  it('runs the concept commands: article, copy, reveal', async () => {
    await vscode.commands.executeCommand('virtkit.openArticle', 'hypervisor');
    await waitFor(() => webviewTabs('virtkit.article')[0], 'the article panel');
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('virtkit.copyDefinition', 'virtual-machine');
    assert.match(await vscode.env.clipboard.readText(), /^虚拟机.*\(Virtual machine.*\): \S/);
    await vscode.commands.executeCommand('virtkit.revealInTree', 'hypervisor');
  });

  it('inserts a snippet and opens the host check', async () => {
    const doc = await openDoc('', 'xml');
    await vscode.commands.executeCommand('virtkit.insertSnippet', 'virt-domain-kvm');
    await waitFor(() => doc.getText().includes('<domain'), 'the snippet text');
    await vscode.commands.executeCommand('virtkit.checkHost');
    await waitFor(() => webviewTabs('virtkit.hostCheck')[0], 'the host-check panel');
  });
});
