import * as vscode from 'vscode';
import type { LibvirtInspection } from '../../core/libvirt/types';
import { SECTION, onSettingChanged } from '../../shared/settings';
import { MachinesTreeProvider, type MachineItemSnapshot } from './machinesTreeProvider';

/** The libvirt URIs of `virtkit.libvirt.connections` (a machine-scoped setting). */
function connections(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.connections');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/**
 * The Virtual Machines view (read-only) and its Refresh command, which resolves to the items
 * the view shows. `inspect` reads one connection: virsh on the desktop, a "needs a desktop or
 * remote window" answer in the web worker.
 */
export function registerMachines(
  context: vscode.ExtensionContext,
  inspect: (uri: string) => Promise<LibvirtInspection>,
): void {
  const tree = new MachinesTreeProvider(connections, inspect);
  const view = vscode.window.createTreeView('virtkit.machines', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(
    tree,
    view,
    vscode.commands.registerCommand('virtkit.machines.refresh', async (): Promise<MachineItemSnapshot[]> => {
      tree.refresh();
      return tree.snapshot();
    }),
    onSettingChanged('libvirt.connections', () => tree.refresh()),
  );
}
