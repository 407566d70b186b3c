import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activateExtension, openDoc, waitFor } from './util';

const INVALID_DOMAIN = `<domain type='kvm'>
  <name>bad</name>
  <memory unit='MiB'>1024</memory>
  <os>
    <type arch='x86_64'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <target dev='vda' bus='virtio'/>
      <nonsense/>
    </disk>
  </devices>
</domain>
`;

describe('snippets and libvirt XML validation', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('inserts a snippet through the command, into the active editor', async () => {
    const doc = await openDoc('', 'xml');
    await vscode.commands.executeCommand('virtkit.insertSnippet', 'virt-domain-kvm');
    await waitFor(() => doc.getText().includes('<domain'), 'the snippet text');
    assert.match(doc.getText(), /<domain type='kvm'>[\s\S]*<\/domain>/);
  });

  it('offers the snippets to VS Code for XML and shell scripts', async () => {
    const ext = vscode.extensions.getExtension('virtkit.virtkit');
    const langs = (ext?.packageJSON.contributes.snippets as { language: string }[]).map((s) => s.language);
    for (const l of ['xml', 'shellscript', 'markdown']) assert.ok(langs.includes(l), l);
  });

  it('shows problems from the built-in validator at the right line, says which libvirt judged, and clears them once fixed', async () => {
    const doc = await openDoc(INVALID_DOMAIN, 'xml');
    const result = await vscode.commands.executeCommand<{ status: string }>('virtkit.validateXml', doc.uri);
    assert.equal(result?.status, 'invalid');
    const diagnostics = vscode.languages.getDiagnostics(doc.uri);
    assert.ok(diagnostics.length > 0, 'problems are reported');
    // This machine has libvirt's schemas (CI installs libvirt-clients): they judge.
    assert.ok(
      diagnostics.every((d) => /^libvirt \d+\.\d+\.\d+ \(this machine\)$/.test(d.source ?? '')),
      diagnostics.map((d) => d.source).join(', '),
    );
    const lines = diagnostics.map((d) => d.range.start.line + 1);
    assert.ok(
      lines.some((l) => l >= 7 && l <= 11),
      `a problem inside the devices, got lines ${lines.join(', ')}`,
    );

    const editor = vscode.window.activeTextEditor!;
    const bad = doc.getText().indexOf('      <nonsense/>\n');
    await editor.edit((e) =>
      e.delete(new vscode.Range(doc.positionAt(bad), doc.positionAt(bad + '      <nonsense/>\n'.length))),
    );
    const fixedAt = doc.getText().indexOf('    <disk');
    await editor.edit((e) =>
      e.insert(
        doc.positionAt(fixedAt + "    <disk type='file' device='disk'>\n".length),
        "      <source file='/var/lib/libvirt/images/a.qcow2'/>\n",
      ),
    );
    const again = await vscode.commands.executeCommand<{ status: string }>('virtkit.validateXml', doc.uri);
    assert.equal(again?.status, 'valid');
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0);
  });
});

describe('libvirt XML: what the schema lets through', () => {
  it("warns where the document is newer than this machine's libvirt (virsh --version)", async () => {
    const doc = await openDoc(
      "<domain type='qemu'>\n  <name>since</name>\n  <memory unit='MiB'>256</memory>\n  <os><type>hvm</type></os>\n  <devices>\n    <watchdog model='itco' action='reset'/>\n  </devices>\n</domain>\n",
      'xml',
    );
    await vscode.commands.executeCommand('virtkit.validateXml', doc.uri);
    const here = execFileSync('virsh', ['--version'], { encoding: 'utf8' }).trim();
    const newer = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'newer-than-libvirt');
    const [major = 0, minor = 0] = here.split('.').map(Number);
    if (major * 1000 + minor >= 9002) assert.deepEqual(newer, [], 'iTCO exists since libvirt 9.2.0');
    else {
      assert.equal(newer.length, 1, JSON.stringify(newer));
      assert.equal(doc.getText(newer[0].range), 'itco');
      assert.ok(newer[0].message.includes('9.2.0') && newer[0].message.includes(here), newer[0].message);
    }
  });

  it('reports a duplicate disk target and a commandline without its namespace, and fixes the namespace', async () => {
    const doc = await openDoc(
      "<domain type='qemu'>\n  <name>beyond</name>\n  <memory unit='MiB'>256</memory>\n  <os><type>hvm</type></os>\n  <devices>\n    <disk type='file' device='disk'><source file='/tmp/a.img'/><target dev='vda' bus='virtio'/></disk>\n    <disk type='file' device='disk'><source file='/tmp/b.img'/><target dev='vda' bus='virtio'/></disk>\n  </devices>\n  <commandline><arg value='-no-user-config'/></commandline>\n</domain>\n",
      'xml',
    );
    await vscode.commands.executeCommand('virtkit.validateXml', doc.uri);
    const ours = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'VirtKit');
    const codes = ours().map((d) => String(d.code));
    assert.ok(codes.includes('duplicate-disk-target'), codes.join(', '));
    assert.ok(codes.includes('missing-qemu-namespace'), codes.join(', '));
    const dup = ours().find((d) => d.code === 'duplicate-disk-target')!;
    assert.equal(doc.getText(dup.range), 'vda');
    assert.equal(dup.range.start.line, 6);
    assert.equal(dup.relatedInformation?.[0].location.range.start.line, 5);

    const missing = ours().find((d) => d.code === 'missing-qemu-namespace')!;
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        missing.range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fix = actions.find((a) => a.edit && a.kind?.value === 'quickfix' && /qemu/.test(a.title));
    assert.ok(fix?.edit, `quick fixes: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(
      doc.lineAt(0).text,
      /^<domain xmlns:qemu='http:\/\/libvirt\.org\/schemas\/domain\/qemu\/1\.0' type='qemu'>$/,
    );
  });
});
