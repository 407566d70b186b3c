// The entry point of the web worker extension host (vscode.dev, github.dev): everything that
// needs no access to the machine. The host check and libvirt validation need a desktop or a
// remote window; here their commands say so instead of failing.
import * as vscode from 'vscode';
import type { VirtKitApi } from '../extension';
import { noHostAccessReport } from '../core/host/reportBase';
import { registerConcepts } from '../features/concepts';
import { registerTermHover } from '../features/hover';
import { registerQemuLanguage } from '../features/qemu';
import { registerReferenceHovers } from '../features/reference';
import { registerSnippets } from '../features/snippets';
import { contentLang } from '../shared/settings';

function needsDesktop(): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'This needs VS Code Desktop or a remote window (SSH, WSL, containers): a browser tab cannot read this machine or run virt-xml-validate.',
    ),
  );
}

export function activate(context: vscode.ExtensionContext): VirtKitApi {
  registerConcepts(context);
  registerTermHover(context);
  registerReferenceHovers(context);
  registerQemuLanguage(context);
  registerSnippets(context);
  context.subscriptions.push(
    vscode.commands.registerCommand('virtkit.checkHost', needsDesktop),
    vscode.commands.registerCommand('virtkit.validateXml', needsDesktop),
  );
  return { apiVersion: 1, probeHost: async () => noHostAccessReport(contentLang()) };
}

export function deactivate(): void {}
