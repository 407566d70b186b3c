import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, waitFor, webviewTabs } from './util';

describe('concepts: tree commands and the article panel', () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens an article in one reused panel titled with the concept name', async () => {
    await vscode.commands.executeCommand('virtkit.openArticle', 'virtualization');
    await waitFor(
      () => webviewTabs('virtkit.article').find((t) => t.label === 'Virtualization'),
      'the article panel titled Virtualization',
    );
    await vscode.commands.executeCommand('virtkit.openArticle', 'hypervisor');
    await waitFor(
      () => webviewTabs('virtkit.article').find((t) => t.label.startsWith('Hypervisor')),
      'the panel to show the hypervisor',
    );
    assert.equal(webviewTabs('virtkit.article').length, 1, 'the panel is reused, not duplicated');
  });

  it('copies a definition with both names', async () => {
    await vscode.env.clipboard.writeText('');
    await vscode.commands.executeCommand('virtkit.copyDefinition', 'virtual-machine');
    const text = await vscode.env.clipboard.readText();
    assert.match(text, /^Virtual machine.*\(虚拟机.*\): \S/);
  });

  it('reveals a concept in the tree without error, and ignores an unknown id', async () => {
    await vscode.commands.executeCommand('virtkit.revealInTree', 'hypervisor');
    await vscode.commands.executeCommand('virtkit.revealInTree', 'no-such-concept');
    await vscode.commands.executeCommand('virtkit.openArticle', 'no-such-concept');
    assert.equal(webviewTabs('virtkit.article').length, 0);
  });
});
