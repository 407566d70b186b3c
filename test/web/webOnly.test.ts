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
    // With a connection configured (qemu:///system by default), the view has no items: its
    // welcome content says it needs a desktop or remote window.
    const connections = vscode.workspace.getConfiguration('virtkit').get<string[]>('libvirt.connections') ?? [];
    assert.ok(connections.length > 0, 'a connection is configured');
    const items = await vscode.commands.executeCommand<unknown[]>('virtkit.machines.refresh');
    assert.deepEqual(items, []);
    const shown = await vscode.commands.executeCommand<{ welcome: string; items: unknown[] }>(
      'virtkit.machines.test.view',
    );
    assert.deepEqual(shown, { welcome: 'no-host-access', items: [] });
    // The actions answer, and say why nothing runs.
    const outcome = await vscode.commands.executeCommand<{ ok: boolean }>('virtkit.machines.domain.start', {
      uri: connections[0],
      kind: 'domain',
      name: 'any',
    });
    assert.deepEqual(outcome, { ok: false });
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
