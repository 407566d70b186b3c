// A window that shows nothing of VirtKit must not load it: activation waits for a VirtKit view,
// a command, or a document of a language VirtKit serves. (With `onLanguage:plaintext` it was
// active at startup of every window: the workbench's chat input is a plaintext model.)
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './util';

describe('startup of a window that shows nothing of VirtKit', () => {
  it('does not activate VirtKit', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded in this window`);
    // Give the workbench time to restore and create its own models (chat input, output, …).
    await new Promise((r) => setTimeout(r, 5000));
    assert.equal(vscode.window.visibleTextEditors.length, 0, 'the window opened an editor by itself');
    assert.equal(ext.isActive, false, 'VirtKit is active although nothing of it was used');
  });

  it('still does not activate for a plain text document or a JSON file', async () => {
    for (const language of ['plaintext', 'json']) {
      const doc = await vscode.workspace.openTextDocument({ content: 'KVM and EPT', language });
      await vscode.window.showTextDocument(doc);
    }
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, false);
  });

  it('activates when a Markdown document is opened', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: '# KVM\n\n全虚拟化\n', language: 'markdown' });
    await vscode.window.showTextDocument(doc);
    await waitFor(() => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 'VirtKit to activate', 15_000);
  });
});
