// Restricted Mode: run by test/harness/runRestricted.mjs in a window with workspace trust on,
// opened on test/fixtures/hostile/restricted-workspace, which is never trusted. The manifest
// declares `untrustedWorkspaces: { supported: 'limited' }` with the executable setting
// `virtkit.validation.virtXmlValidatePath` restricted: everything works, and that setting's
// workspace value (a bogus path) is ignored, so virt-xml-validate is the one on PATH.
// `virtkit.hostCheck.root` is restricted too: whatever the workspace or the user settings
// say, the host check examines this machine, never a tree a repository chose.
// Only `vscode` and the test helpers are imported here: this bundle cannot resolve
// `virtkit:content` (see runRestricted.mjs).
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VirtKitApi } from '../../src/extension';
import type { HostReport } from '../../src/core/host/types';
import { openSaveValidateHostile } from './networkGuard';
import { activateExtension, hoverText, openDoc, positionOf, waitFor, webviewTabs } from './util';

const BOGUS_PATH = '/nonexistent/virtkit-bogus/virt-xml-validate';
/** What the workspace's settings.json gives as the host-check root: relative, and restricted. */
const RELATIVE_ROOT = 'test/fixtures/host/intel-vmx-host';
/** The same fixture, absolute (out/restricted/index.js is two levels below the repository). */
const ABSOLUTE_ROOT = path.resolve(__dirname, '../..', RELATIVE_ROOT);
/** The fixture's CPU and hostname, which a report of this machine must not show. */
const FIXTURE = { model: 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz', hostname: 'rack3-node07' };

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

  it('on demand, validates with virt-xml-validate from PATH, ignoring the bogus workspace path', async () => {
    const config = vscode.workspace.getConfiguration('virtkit');
    await config.update('validation.validator', 'virt-xml-validate', vscode.ConfigurationTarget.Global);
    try {
      const doc = await openDoc(INVALID_DOMAIN, 'xml');
      const result = await vscode.commands.executeCommand<{ status: string }>('virtkit.validateXml');
      // With the bogus path the tool would be missing ('tool-missing'): it was not used.
      assert.equal(result?.status, 'invalid', JSON.stringify(result));
      const diagnostics = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'virt-xml-validate');
      assert.ok(diagnostics.length > 0, 'problems are reported');
    } finally {
      await config.update('validation.validator', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  for (const validator of ['builtin', 'virt-xml-validate'] as const)
    it(`refuses a DOCTYPE on open, save and on demand (${validator} chosen); nothing is fetched`, async () => {
      const { requests, afterSave, afterCommand, commandResult } = await openSaveValidateHostile(validator);
      assert.deepEqual(requests, [], 'the local server was asked for something');
      assert.equal(commandResult?.status, 'refused-doctype');
      for (const diagnostics of [afterSave, afterCommand])
        assert.deepEqual(
          diagnostics.map((d) => [d.source, d.range.start.line]),
          [['VirtKit', 1]],
        );
    });

  it('starts no program on open: with virt-xml-validate chosen, the built-in validator judges', async () => {
    const config = vscode.workspace.getConfiguration('virtkit');
    await config.update('validation.validator', 'virt-xml-validate', vscode.ConfigurationTarget.Global);
    try {
      const doc = await openDoc(INVALID_DOMAIN, 'xml');
      const sources = await waitFor(() => {
        const s = vscode.languages.getDiagnostics(doc.uri).map((d) => d.source ?? '');
        return s.length > 0 ? s : undefined;
      }, 'problems from the built-in validator');
      assert.ok(
        sources.every((s) => /^libvirt /.test(s)),
        `sources: ${sources.join(', ')}`,
      );
    } finally {
      await config.update('validation.validator', undefined, vscode.ConfigurationTarget.Global);
    }
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
    // The Chinese definition text joins with Chinese punctuation: 名称（English）：定义.
    assert.match(await vscode.env.clipboard.readText(), /^虚拟机.*（Virtual machine.*）：\S/);
    await vscode.commands.executeCommand('virtkit.revealInTree', 'hypervisor');
  });

  it('runs no installed QEMU for completion and checks: the bundled data answers', async () => {
    const api = (await activateExtension()).exports as unknown as VirtKitApi;
    const doc = await openDoc('qemu-system-x86_64 -machine q35 -device virtio-net-pci', 'shellscript');
    await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(40));
    const r = await api.inspectQemu('x86_64');
    assert.deepEqual([r.state, 'reason' in r ? r.reason : undefined], ['not-asked', 'untrusted']);
  });

  it('inserts a snippet and opens the host check', async () => {
    const doc = await openDoc('', 'xml');
    await vscode.commands.executeCommand('virtkit.insertSnippet', 'virt-domain-kvm');
    await waitFor(() => doc.getText().includes('<domain'), 'the snippet text');
    await vscode.commands.executeCommand('virtkit.checkHost');
    await waitFor(() => webviewTabs('virtkit.hostCheck')[0], 'the host-check panel');
  });
});

describe('Restricted Mode: the host check examines this machine, whatever the settings say', function () {
  this.timeout(60_000);
  let thisMachine: HostReport;
  const settingsFile = () => path.join(workspaceFolder().uri.fsPath, '.vscode', 'settings.json');
  let original = '';

  before(async function () {
    if (process.platform !== 'linux') this.skip();
    const api = (await activateExtension()).exports as unknown as { probeHost(): Promise<HostReport> };
    thisMachine = await api.probeHost();
    // The fixture must differ from this machine, or the checks below would prove nothing.
    assert.notEqual(thisMachine.cpu.model, FIXTURE.model);
    original = readFileSync(settingsFile(), 'utf8');
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    if (!original) return;
    await vscode.workspace
      .getConfiguration('virtkit')
      .update('hostCheck.root', undefined, vscode.ConfigurationTarget.Global);
    // Put the fixture file back byte for byte (VS Code's own edit may reformat it).
    writeFileSync(settingsFile(), original);
  });

  /** The report the panel shows (virtkit.checkHost resolves to it). */
  async function panelReport(): Promise<HostReport> {
    const report = await vscode.commands.executeCommand<HostReport>('virtkit.checkHost');
    await waitFor(() => webviewTabs('virtkit.hostCheck')[0], 'the host-check panel');
    assert.ok(report?.host, `the command resolves to a report: ${String(report)}`);
    return report;
  }

  function assertThisMachine(report: HostReport, where: string): void {
    assert.equal(report.host.probedRoot ?? null, null, `${where}: not a copied tree`);
    assert.notEqual(report.cpu.model, FIXTURE.model, `${where}: not the fixture's CPU`);
    assert.notEqual(report.host.hostname, FIXTURE.hostname, `${where}: not the fixture's hostname`);
    assert.equal(report.cpu.model, thisMachine.cpu.model, `${where}: this machine's CPU`);
    assert.equal(report.verdict.code, thisMachine.verdict.code, `${where}: this machine's verdict`);
  }

  it('the workspace gives a relative root: VS Code hides it, and the panel checks this machine', async () => {
    assert.match(original, /"virtkit\.hostCheck\.root": "test\/fixtures\/host\/intel-vmx-host"/);
    const config = vscode.workspace.getConfiguration('virtkit', workspaceFolder().uri);
    assert.notEqual(config.get('hostCheck.root'), RELATIVE_ROOT, JSON.stringify(config.inspect('hostCheck.root')));
    assertThisMachine(await panelReport(), 'relative workspace root');
  });

  it('an absolute root in the workspace settings is ignored', async () => {
    await vscode.workspace
      .getConfiguration('virtkit', workspaceFolder().uri)
      .update('hostCheck.root', ABSOLUTE_ROOT, vscode.ConfigurationTarget.Workspace);
    assert.match(readFileSync(settingsFile(), 'utf8'), /intel-vmx-host/, 'the value is in the file');
    assertThisMachine(await panelReport(), 'absolute workspace root');
  });

  it('an absolute root in the user settings is ignored too until the workspace is trusted', async () => {
    const config = vscode.workspace.getConfiguration('virtkit');
    await config.update('hostCheck.root', ABSOLUTE_ROOT, vscode.ConfigurationTarget.Global);
    // VS Code applies a user value even here; the extension's own trust check is what holds.
    assert.equal(vscode.workspace.getConfiguration('virtkit').inspect('hostCheck.root')?.globalValue, ABSOLUTE_ROOT);
    assertThisMachine(await panelReport(), 'absolute user root');
  });
});

describe('Restricted Mode: the host check runs no program of the workspace', function () {
  this.timeout(60_000);

  it('a PATH entry into the workspace: its qemu-img is reported but never run', async function () {
    if (process.platform !== 'linux') this.skip();
    // An absolute PATH entry can point into a cloned repository (a `bin/` that direnv or a
    // shell profile added). Made here, in this extension host's own environment.
    const bin = mkdtempSync(path.join(workspaceFolder().uri.fsPath, 'bin-'));
    const tool = path.join(bin, 'qemu-img');
    writeFileSync(tool, '#!/bin/sh\n: > "$0.ran"\necho "qemu-img version 6.6.6"\n', { mode: 0o755 });
    chmodSync(tool, 0o755);
    const saved = process.env.PATH;
    process.env.PATH = `${bin}:${saved ?? ''}`;
    try {
      const api = (await activateExtension()).exports as unknown as { probeHost(): Promise<HostReport> };
      const report = await api.probeHost();
      const found = report.stack?.tools.find((t) => t.name === 'qemu-img');
      assert.equal(found?.path, tool, 'found where a shell would find it');
      assert.equal(found?.version, 'unknown', 'its version is not read');
      assert.ok(!existsSync(`${tool}.ran`), 'the workspace program ran');
    } finally {
      process.env.PATH = saved;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe('Restricted Mode: libvirt definitions', () => {
  before(async () => {
    await activateExtension();
  });

  it('refuses to define a document of the untrusted window on a host', async () => {
    const doc = await openDoc(INVALID_DOMAIN.replace('<nonsense/>', ''), 'xml');
    const r = await vscode.commands.executeCommand<{ ok: boolean; reason?: string }>(
      'virtkit.libvirt.defineOnConnection',
      doc.uri,
      { connection: 'test:///default', confirmed: true },
    );
    assert.deepEqual(r, { ok: false, reason: 'untrusted' });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('does not follow a libvirt: URI to a connection outside the user settings', async () => {
    // `test:///default` as src/core/libvirt/definitions.ts encodes it (not imported: see above).
    const uri = vscode.Uri.parse('libvirt://test-3a-2f-2f-2fdefault/domain/test.xml');
    const user = vscode.workspace.getConfiguration('virtkit').inspect<string[]>('libvirt.connections')?.globalValue;
    assert.ok(!user?.includes('test:///default'), 'the user settings do not name test:///default');
    await assert.rejects(Promise.resolve(vscode.workspace.fs.readFile(uri)), /Restricted Mode/);
  });
});
