import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../integration/util';

describe('in the web worker extension host', () => {
  it('runs without Node: no process global, the browser entry is the one loaded', () => {
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('says the host check needs a desktop or remote window, and reports no host access', async () => {
    const ext = await activateExtension();
    const report = await (
      ext.exports as unknown as { probeHost(): Promise<{ verdict: { code: string } }> }
    ).probeHost();
    assert.equal(report.verdict.code, 'no-host-access');
  });

  it('answers inspectLibvirt with an error, and the Virtual Machines view says why', async () => {
    const ext = await activateExtension();
    const r = await (
      ext.exports as unknown as { inspectLibvirt(uri: string): Promise<{ state: string; reason?: string }> }
    ).inspectLibvirt('test:///default');
    assert.equal(r.state, 'error');
    assert.equal(r.reason, 'no-host-access');
    const items =
      await vscode.commands.executeCommand<{ label: string; children?: { contextValue?: string }[] }[]>(
        'virtkit.machines.refresh',
      );
    for (const c of items) assert.equal(c.children?.[0]?.contextValue, 'problem-error', c.label);
  });

  it('asks no installed QEMU: completion and checks use the bundled QEMU data', async () => {
    const ext = await activateExtension();
    const r = await (
      ext.exports as unknown as { inspectQemu(arch: string): Promise<{ state: string; reason?: string }> }
    ).inspectQemu('x86_64');
    assert.deepEqual([r.state, r.reason], ['not-asked', 'no-host-access']);
  });
});

describe('libvirt XML validation in the web worker', () => {
  it('validates in process with the bundled schemas, and says which libvirt judged', async () => {
    await activateExtension();
    const doc = await vscode.workspace.openTextDocument({
      language: 'xml',
      content:
        "<domain type='qemu'>\n  <name>web</name>\n  <memory>131072</memory>\n  <os><type>hvm</type></os>\n  <devices><bogus/></devices>\n</domain>\n",
    });
    await vscode.window.showTextDocument(doc);
    const result = await vscode.commands.executeCommand<{ status: string; validator?: string }>(
      'virtkit.validateXml',
      doc.uri,
    );
    assert.equal(result?.status, 'invalid', JSON.stringify(result));
    assert.match(result?.validator ?? '', /^libvirt 9\.0\.0 \(bundled\)$/);
    const diagnostics = vscode.languages.getDiagnostics(doc.uri);
    assert.ok(diagnostics.length > 0);
    assert.ok(diagnostics.some((d) => d.range.start.line === 4, 'a problem on the <bogus/> line'));
  });
});
