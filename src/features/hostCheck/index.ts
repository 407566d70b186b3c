import * as vscode from 'vscode';
import type { HostReport } from '../../core/host/types';
import { onSettingChanged } from '../../shared/settings';
import { HostPanel, probeThisHost } from './hostPanel';

/** The host check: its command, its status bar entry and its panel. Returns the API's probe. */
export function registerHostCheck(
  context: vscode.ExtensionContext,
): (options?: { root?: string }) => Promise<HostReport> {
  const openConcept = (id: string) => vscode.commands.executeCommand('virtkit.openArticle', id);
  const status = vscode.window.createStatusBarItem('virtkit.hostCheck', vscode.StatusBarAlignment.Right, 100);
  status.name = vscode.l10n.t('VirtKit host check');
  status.text = '$(vm) VirtKit';
  status.tooltip = vscode.l10n.t('Check whether this machine can run hardware-accelerated VMs');
  status.command = 'virtkit.checkHost';
  status.show();

  context.subscriptions.push(
    status,
    HostPanel.registerSerializer(context.extensionUri, openConcept),
    // Resolves to the report the panel shows, so callers (and tests) see exactly what it shows.
    vscode.commands.registerCommand('virtkit.checkHost', () =>
      HostPanel.show(context.extensionUri, openConcept).shownReport(),
    ),
    onSettingChanged('language', () => HostPanel.relocalize()),
  );
  return (options) => probeThisHost(options);
}
