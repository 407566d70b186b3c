// Editing live definitions through libvirt: documents on a real libvirtd: open, edit and save
// (the change reaches the host), a definition libvirt refuses (host unchanged, document still
// dirty with its text), an element libvirt drops (the "what changed" report), a change made on
// the host meanwhile (refused as a conflict), a network round trip, and defineLibvirt on the API.
// Every object has a unique name with spaces, quotes, CJK and emoji, and is removed afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { VirtKitApi } from '../../../src/extension';
import { definitionUri, refOfUri } from '../../../src/features/libvirtFs/uris';
import { scratchDisk, tcgDomainXml, uniqueName, virsh } from '../../libvirt/guests';
import { activateExtension, waitFor } from '../util';
import { libvirtUris } from './env';

async function replaceText(doc: vscode.TextDocument, from: string | RegExp, to: string): Promise<void> {
  const text = doc.getText();
  const m = typeof from === 'string' ? { index: text.indexOf(from), 0: from } : from.exec(text);
  assert.ok(m && m.index !== undefined && m.index >= 0, `"${String(from)}" is in the document`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(m.index), doc.positionAt(m.index + m[0].length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(() => (doc.isDirty ? undefined : true), 'the document is reverted');
}

describe('libvirt: documents on a real libvirtd', function () {
  this.timeout(120_000);
  let api: VirtKitApi;
  const uri = libvirtUris().local;
  const name = uniqueName(`vk fs "域" 🚀 $(x);`);
  const net = uniqueName(`vk net 网络`);
  const bridge = `vk${Math.random().toString(36).slice(2, 10)}`;
  const disk = scratchDisk();
  let doc: vscode.TextDocument;
  const dump = () => virsh('dumpxml', '--inactive', '--domain', name);

  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
    const r = await api.defineLibvirt(uri, 'domain', tcgDomainXml(name, disk.path));
    assert.ok(r.ok, r.error);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await virsh('undefine', '--domain', name).catch(() => undefined);
    await virsh('net-undefine', '--network', net).catch(() => undefined);
    disk.remove();
  });

  it('round-trips the hostile name through a libvirt: URI', () => {
    const u = definitionUri({ uri, kind: 'domain', name });
    assert.deepEqual(refOfUri(vscode.Uri.parse(u.toString())), { uri, kind: 'domain', name });
  });

  it('opens the definition as XML, with the name as libvirt has it', async () => {
    const opened = await vscode.commands.executeCommand<string>('virtkit.libvirt.openDefinition', {
      uri,
      kind: 'domain',
      name,
    });
    doc = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === opened),
      'the libvirt: document',
    );
    assert.equal(doc.languageId, 'xml');
    assert.equal(doc.getText(), await dump());
    assert.match(doc.getText(), /<uuid>/);
  });

  it('saves an edit to the host', async () => {
    await replaceText(doc, /<vcpu placement='static'>1<\/vcpu>/, `<vcpu placement='static'>2</vcpu>`);
    assert.ok(await doc.save(), 'saved');
    assert.match(await dump(), /<vcpu placement='static'>2<\/vcpu>/);
    const report = api.lastDefinitionReport(doc.uri.toString());
    assert.equal(report?.ok, true);
    assert.deepEqual(
      report?.changes.filter((c) => c.kind !== 'added'),
      [],
    );
  });

  it('reports an element libvirt dropped', async () => {
    await replaceText(doc, '<devices>', '<devices>\n    <bogus/>');
    assert.ok(await doc.save(), 'saved');
    assert.doesNotMatch(await dump(), /bogus/);
    const report = api.lastDefinitionReport(doc.uri.toString());
    assert.equal(report?.ok, true);
    const removed = report?.changes.filter((c) => c.kind === 'removed') ?? [];
    assert.deepEqual(
      removed.map((c) => c.path),
      ['/domain/devices/bogus'],
    );
    await revert(doc);
    assert.doesNotMatch(doc.getText(), /bogus/);
  });

  it('keeps the host unchanged and the text in the editor when libvirt refuses it', async () => {
    const before = await dump();
    await replaceText(doc, /<vcpu placement='static'>2<\/vcpu>/, `<vcpu placement='static'>many</vcpu>`);
    assert.equal(await doc.save(), false, 'the save failed');
    assert.ok(doc.isDirty, 'still dirty');
    assert.match(doc.getText(), />many<\/vcpu>/);
    assert.equal(await dump(), before);
    const report = api.lastDefinitionReport(doc.uri.toString());
    assert.equal(report?.ok, false);
    assert.match(report?.error ?? '', /vcpu/i);
    await revert(doc);
  });

  it('refuses to overwrite a definition changed on the host since it was read', async () => {
    await virsh('desc', '--config', '--new-desc', 'changed by virsh', '--domain', name);
    await replaceText(doc, /<vcpu placement='static'>2<\/vcpu>/, `<vcpu placement='static'>1</vcpu>`);
    assert.equal(await doc.save(), false, 'the save was refused');
    assert.ok(doc.isDirty);
    const host = await dump();
    assert.match(host, /changed by virsh/);
    assert.match(host, /<vcpu placement='static'>2<\/vcpu>/);
    const report = api.lastDefinitionReport(doc.uri.toString());
    assert.equal(report?.conflict, true);
    await revert(doc);
    assert.match(doc.getText(), /changed by virsh/);
  });

  it('defines a network through the API, reports what libvirt dropped, and round-trips it', async () => {
    const xml = `<network>\n  <name>${net.replace(/&/g, '&amp;')}</name>\n  <bridge name='${bridge}' stp='on' delay='0'/>\n  <frobnicate/>\n  <ip address='192.168.250.1' netmask='255.255.255.0'/>\n</network>\n`;
    const r = await api.defineLibvirt(uri, 'network', xml);
    assert.ok(r.ok, r.error);
    assert.equal(r.name, net);
    assert.deepEqual(
      r.changes.filter((c) => c.kind === 'removed').map((c) => c.path),
      ['/network/frobnicate'],
    );
    const netUri = await vscode.commands.executeCommand<string>('virtkit.libvirt.openDefinition', {
      uri,
      kind: 'network',
      name: net,
    });
    const netDoc = await waitFor(
      () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === netUri),
      'the network document',
    );
    await replaceText(netDoc, "stp='on'", "stp='off'");
    assert.ok(await netDoc.save());
    assert.match(await virsh('net-dumpxml', '--inactive', '--network', net), /stp='off'/);
  });

  it('says why libvirt refused a definition given to the API', async () => {
    const r = await api.defineLibvirt(
      uri,
      'domain',
      `<domain type='qemu'><name>${uniqueName('vk-bad')}</name></domain>`,
    );
    assert.equal(r.ok, false);
    assert.ok(r.error && r.error.length > 0);
  });

  it('defines an editor document on a connection and opens it as a libvirt: document', async () => {
    const fresh = uniqueName('vk define 定义');
    const draft = await vscode.workspace.openTextDocument({ language: 'xml', content: tcgDomainXml(fresh, disk.path) });
    try {
      const r = await vscode.commands.executeCommand<{ ok: boolean; uri?: string; reason?: string }>(
        'virtkit.libvirt.defineOnConnection',
        draft.uri,
        { connection: uri, confirmed: true },
      );
      assert.equal(r.ok, true, r.reason);
      assert.equal(refOfUri(vscode.Uri.parse(r.uri ?? ''))?.name, fresh);
      assert.match(await virsh('dumpxml', '--inactive', '--domain', fresh), /<uuid>/);
    } finally {
      await virsh('undefine', '--domain', fresh).catch(() => undefined);
    }
  });

  it('shows the pending changes of a running domain: running against next start', async () => {
    await virsh('start', '--domain', name);
    try {
      // A change to the persistent definition only: it waits for the next start.
      await virsh('desc', '--config', '--new-desc', 'pending change', '--domain', name);
      const left = await vscode.commands.executeCommand<string>('virtkit.libvirt.showPendingChanges', {
        uri,
        kind: 'domain',
        name,
      });
      const running = await vscode.workspace.openTextDocument(vscode.Uri.parse(left));
      assert.match(running.getText(), /<domain type='qemu' id='\d+'>/);
      assert.doesNotMatch(running.getText(), /pending change/);
      assert.match(await dump(), /pending change/);
    } finally {
      await virsh('destroy', '--domain', name).catch(() => undefined);
    }
  });
});
