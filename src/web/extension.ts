// The entry point of the web worker extension host (vscode.dev, github.dev): everything that
// needs no access to the machine. The host check needs a desktop or a remote window; here its
// command says so instead of failing. libvirt XML is validated in process, as on the desktop.
import * as vscode from 'vscode';
import { initKnowledge } from '../shared/knowledge';
import type { VirtKitApi } from '../extension';
import { noHostAccessReport } from '../core/host/reportBase';
import { registerLibvirtOutline } from '../features/libvirtOutline';
import { registerMachines } from '../features/machines';
import type { LibvirtInspection } from '../core/libvirt/types';
import { registerConcepts } from '../features/concepts';
import { registerTermHover } from '../features/hover';
import { registerQemuLanguage } from '../features/qemu';
import { registerQemuConvert } from '../features/qemu/convertCommand';
import { registerReferenceHovers } from '../features/reference';
import { registerSnippets } from '../features/snippets';
import { registerValidation } from '../features/validation';
import { libvirtSchemaAt, registerLibvirtCompletion } from '../features/libvirtCompletion';
import { contentLang } from '../shared/settings';

function needsDesktop(): void {
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'This needs VS Code Desktop or a remote window (SSH, WSL, containers): a browser tab cannot read this machine.',
    ),
  );
}

/** libvirt is reached through virsh, which a browser tab cannot start. */
async function noLibvirtAccess(uri: string): Promise<LibvirtInspection> {
  return {
    uri,
    state: 'error',
    reason: 'no-host-access',
    message: vscode.l10n.t('libvirt needs VS Code Desktop or a remote window: a browser tab cannot run virsh.'),
    domains: [],
    networks: [],
    pools: [],
  };
}

export function activate(context: vscode.ExtensionContext): VirtKitApi {
  initKnowledge(context.extensionUri);
  registerConcepts(context);
  registerTermHover(context);
  registerReferenceHovers(context);
  registerQemuLanguage(context);
  const qemuToLibvirt = registerQemuConvert(context);
  registerSnippets(context);
  registerLibvirtOutline(context);
  // In process, with the bundled schemas: libvirt XML is checked in the browser too.
  const validation = registerValidation(context);
  registerLibvirtCompletion(context, validation.schemaModels);
  context.subscriptions.push(vscode.commands.registerCommand('virtkit.checkHost', needsDesktop));
  context.subscriptions.push(vscode.commands.registerCommand('virtkit.qemu.showNativeCommandLine', needsDesktop));
  // libvirt definitions are read and defined by virsh: the commands say what is needed instead.
  for (const id of [
    'virtkit.libvirt.openDefinition',
    'virtkit.libvirt.compareWithFile',
    'virtkit.libvirt.showPendingChanges',
    'virtkit.libvirt.defineOnConnection',
    'virtkit.libvirt.newVirtualMachine',
  ])
    context.subscriptions.push(vscode.commands.registerCommand(id, needsDesktop));
  registerMachines(context, noLibvirtAccess);
  return {
    apiVersion: 1,
    probeHost: async () => noHostAccessReport(contentLang()),
    inspectLibvirt: noLibvirtAccess,
    // Only the bundled QEMU data: a browser tab cannot run the machine's QEMU.
    inspectQemu: async (arch) => ({ arch, state: 'not-asked', reason: 'no-host-access' }),
    qemuToLibvirt,
    libvirtSchemaAt: (path) => libvirtSchemaAt(validation.schemaModels, path),
    defineLibvirt: async () => ({
      ok: false,
      error: vscode.l10n.t('libvirt needs VS Code Desktop or a remote window: a browser tab cannot run virsh.'),
      changes: [],
    }),
    lastDefinitionReport: () => undefined,
  };
}

export function deactivate(): void {}
