// "Show the QEMU Command Line libvirt Would Run": the open domain XML goes to
// `virsh domxml-to-native qemu-argv` on the first connection of `virtkit.libvirt.connections`
// (qemu:///system when there is none), and the answer opens as a new shell document. virsh
// reads a file, so the document is written to a private temporary folder (0700, the file
// 0600) that is removed afterwards. It runs a program, so never in Restricted Mode, and only
// where a desktop or remote extension host can start virsh (the web host registers a stub).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { batchUri } from '../../core/libvirt/batchUri';
import { runProcess } from '../../core/process/runProcess';
import { rootElementName } from '../../core/validation/libvirtDocument';
import { SECTION } from '../../shared/settings';

const TIMEOUT_MS = 30_000;

function firstConnection(): string {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.connections');
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  return list[0] ?? 'qemu:///system';
}

/** The QEMU command line libvirt at `uri` would run for `xml`, or a message saying why not. */
export async function domxmlToNative(xml: string, uri: string): Promise<{ argv: string } | { message: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'virtkit-native-'));
  try {
    const file = join(dir, 'domain.xml');
    await writeFile(file, xml, { mode: 0o600 });
    const r = await runProcess('virsh', ['-c', batchUri(uri), 'domxml-to-native', 'qemu-argv', '--xml', file], {
      timeoutMs: TIMEOUT_MS,
    });
    if (r.failure === 'not-found')
      return { message: vscode.l10n.t('virsh is not installed here, so no libvirt can be asked.') };
    if (r.failure === 'timeout')
      return { message: vscode.l10n.t('libvirt at {0} did not answer within {1} seconds.', uri, TIMEOUT_MS / 1000) };
    if (r.code !== 0) {
      const why = r.stderr.trim().replace(/^error:\s*/gm, '') || (r.errorMessage ?? '');
      return { message: vscode.l10n.t('libvirt at {0} could not produce the command line: {1}', uri, why) };
    }
    return { argv: r.stdout };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function showNative(): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Showing the QEMU command line runs virsh, which VirtKit does not do in Restricted Mode. Trust this workspace to use it.',
      ),
    );
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  const text = doc?.getText() ?? '';
  if (!doc || rootElementName(text) !== 'domain') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a libvirt domain XML document (<domain …>) first.'));
    return;
  }
  const uri = firstConnection();
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Asking libvirt at {0}…', uri) },
    () => domxmlToNative(text, uri),
  );
  if ('message' in result) {
    void vscode.window.showWarningMessage(result.message);
    return;
  }
  const out = await vscode.workspace.openTextDocument({ language: 'shellscript', content: result.argv });
  await vscode.window.showTextDocument(out, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

export function registerQemuNative(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('virtkit.qemu.showNativeCommandLine', showNative));
}
