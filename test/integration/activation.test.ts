import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, EXTENSION_ID } from './util';

describe('activation in a real extension host', () => {
  it('runs inside VS Code', () => {
    // vscode.version exists only in a real host; a mocked module would not carry a semver.
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    assert.ok(vscode.env.appName.length > 0);
  });

  it('activates and returns its API', async () => {
    const ext = await activateExtension();
    assert.equal(ext.id, EXTENSION_ID);
    assert.equal(ext.isActive, true);
    assert.equal(ext.exports.apiVersion, 1);
  });

  it('registers every command the manifest declares', async () => {
    const ext = await activateExtension();
    const declared: string[] = ext.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of declared) assert.ok(registered.has(id), `${id} is declared but not registered`);
  });
});
