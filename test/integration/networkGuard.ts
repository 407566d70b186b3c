// Shared by the trusted and the Restricted Mode tiers: a libvirt document whose DOCTYPE would
// make an XML tool fetch a URL is opened, edited, saved and validated on demand, while a local
// HTTP server counts requests. No validation may reach it, in either kind of window.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface GuardOutcome {
  /** Requests the server saw (must be none). */
  requests: string[];
  /** VirtKit's diagnostics after open + save, and after the on-demand command. */
  afterSave: vscode.Diagnostic[];
  afterCommand: vscode.Diagnostic[];
  /** What the on-demand command returned. */
  commandResult: { status?: string } | undefined;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** With `validator` chosen in the user settings for the run. */
export async function openSaveValidateHostile(validator: 'builtin' | 'virt-xml-validate'): Promise<GuardOutcome> {
  const config = vscode.workspace.getConfiguration('virtkit');
  await config.update('validation.validator', validator, vscode.ConfigurationTarget.Global);
  try {
    return await openSaveValidate();
  } finally {
    await config.update('validation.validator', undefined, vscode.ConfigurationTarget.Global);
  }
}

async function openSaveValidate(): Promise<GuardOutcome> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('<!ENTITY % x "y">');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'virtkit-guard-'));
  try {
    // The server answers: a request would be seen.
    assert.equal((await fetch(`${base}/alive`)).status, 200);
    requests.length = 0;
    const file = path.join(dir, 'guest.xml');
    writeFileSync(
      file,
      `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY % dtd SYSTEM "${base}/x.dtd">\n  %dtd;\n]>\n` +
        `<domain type='qemu'>\n  <name>guard</name>\n  <memory>131072</memory>\n  <os><type>hvm</type></os>\n</domain>\n`,
    );
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const editor = await vscode.window.showTextDocument(doc);
    await settle(1500);
    await editor.edit((e) => e.insert(new vscode.Position(doc.lineCount - 1, 0), '<!-- edited -->\n'));
    assert.ok(await doc.save(), 'the document saved');
    await settle(1500);
    const virtkit = () => vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source !== undefined);
    const afterSave = virtkit();
    const commandResult = await vscode.commands.executeCommand<{ status?: string }>('virtkit.validateXml', doc.uri);
    await settle(1000);
    const afterCommand = virtkit();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    return { requests: [...requests], afterSave, afterCommand, commandResult };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
