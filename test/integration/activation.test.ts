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

describe('walkthrough', () => {
  it('links only to commands that exist, with a completion event per step', async () => {
    const ext = await activateExtension();
    const registered = new Set(await vscode.commands.getCommands(true));
    const walkthrough = ext.packageJSON.contributes.walkthroughs[0];
    assert.equal(walkthrough.steps.length, 5);
    for (const step of walkthrough.steps) {
      assert.ok(step.completionEvents?.length, `${step.id} has a completion event`);
      // The manifest VS Code loaded has its %keys% replaced by the display language's text.
      const links = [...String(step.description).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
      assert.ok(links.length > 0, `${step.id} offers a command`);
      for (const id of links) assert.ok(registered.has(id), `${step.id} links to ${id}, which is not registered`);
    }
  });

  it('opens the hover sample, where hovers work', async () => {
    await vscode.commands.executeCommand('virtkit.openHoverSample');
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.languageId, 'markdown');
    const at = doc!.positionAt(doc!.getText().indexOf('全虚拟化') + 1);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc!.uri, at);
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /Full virtualization/);
  });
});
