// Completion and quick fixes in libvirt XML through VS Code's own commands
// (vscode.executeCompletionItemProvider, vscode.executeCodeActionProvider), on untitled XML
// documents, in the Node and in the web worker extension host alike (the bundled schemas).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activateExtension,
  openDoc,
  positionOf,
  waitFor,
  completions as allCompletions,
  completionLabel as label,
} from './util';

/** Our items only (the editor may add word-based suggestions of its own). */
const ours = (items: vscode.CompletionItem[]) => items.filter((i) => /^libvirt schema/.test(i.detail ?? ''));
const completions = async (doc: vscode.TextDocument, position: vscode.Position) =>
  ours(await allCompletions(doc, position));

const snippetOf = (i: vscode.CompletionItem | undefined) =>
  i?.insertText instanceof vscode.SnippetString ? i.insertText.value : String(i?.insertText ?? '');
const docOf = (i: vscode.CompletionItem | undefined) =>
  typeof i?.documentation === 'object' ? i.documentation.value : String(i?.documentation ?? '');

const DOMAIN = (devices: string) =>
  `<domain type='kvm'>\n  <name>c</name>\n  <memory unit='MiB'>512</memory>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${devices}\n  </devices>\n</domain>\n`;

describe('libvirt XML completion and quick fixes', () => {
  before(async () => {
    await activateExtension();
  });

  it('after < inside <devices>: the device elements, documented, with their closing tag', async () => {
    const doc = await openDoc(DOMAIN('    <'), 'xml');
    const items = await completions(doc, positionOf(doc, '    <\n', 5));
    const names = items.map(label);
    for (const d of ['disk', 'interface', 'graphics', 'hostdev']) assert.ok(names.includes(d), names.join(' '));
    assert.ok(
      !names.includes('name') && !names.includes('os'),
      'domain-level elements are not offered inside <devices>',
    );
    const disk = items.find((i) => label(i) === 'disk');
    assert.equal(snippetOf(disk), 'disk>$0</disk>');
    assert.ok(docOf(disk).length > 20, 'documented from libvirt.yaml');
  });

  it('inside quotes: the enumerated values; inside a tag: the attributes not yet written', async () => {
    const doc = await openDoc(DOMAIN("    <disk type='' device='disk' >\n    </disk>"), 'xml');
    const values = (await completions(doc, positionOf(doc, "type=''", 6))).map(label);
    assert.deepEqual([...values].sort(), ['block', 'dir', 'file', 'network', 'nvme', 'vhostuser', 'volume']);
    const attrs = (await completions(doc, positionOf(doc, "device='disk'", "device='disk'".length + 1))).map(label);
    assert.ok(!attrs.includes('device') && !attrs.includes('type'), attrs.join(' '));
  });

  it('leaves XML that is not libvirt’s alone', async () => {
    const doc = await openDoc('<project>\n  <\n</project>\n', 'xml');
    assert.deepEqual(await completions(doc, new vscode.Position(1, 3)), []);
  });

  it('explains what is allowed instead and fixes a misspelled value with a quick fix', async () => {
    const doc = await openDoc(
      DOMAIN(
        "    <disk type='file' device='disk'>\n      <source file='/tmp/a.qcow2'/>\n      <target dev='vda' bus='virtoi'/>\n    </disk>",
      ),
      'xml',
    );
    const diagnostic = await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => /valid values are/.test(d.message)),
      'a diagnostic listing the valid values',
      20_000,
    );
    assert.match(diagnostic.message, /"virtio"/);
    assert.match(diagnostic.message, /libxml2:/, 'libxml2’s own words stay');
    const actions =
      (await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        doc.uri,
        diagnostic.range,
      )) ?? [];
    const fix = actions.find((a) => a.title.includes('virtio'));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /bus='virtio'/);
    await waitFor(
      () => (vscode.languages.getDiagnostics(doc.uri).length === 0 ? true : undefined),
      'no problems after the fix',
      20_000,
    );
  });

  it('answers libvirtSchemaAt on the API', async () => {
    const ext = await activateExtension();
    const api = ext.exports as unknown as {
      libvirtSchemaAt(path: string[]): Promise<{ children: { name: string }[] } | undefined>;
    };
    const devices = await api.libvirtSchemaAt(['domain', 'devices']);
    assert.ok(devices?.children.some((c) => c.name === 'disk'));
    assert.equal(await api.libvirtSchemaAt(['project']), undefined);
  });
});
