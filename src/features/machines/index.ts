import * as vscode from 'vscode';
import { ACTIONS, VIEW_COMMANDS } from '../../core/libvirt/actionSpecs';
import type { LibvirtInspection } from '../../core/libvirt/types';
import { SECTION, onSettingChanged } from '../../shared/settings';
import {
  MachinesTreeProvider,
  welcomeReason,
  type MachineItemSnapshot,
  type MachinesReader,
} from './machinesTreeProvider';

/** The libvirt URIs of `virtkit.libvirt.connections` (a machine-scoped setting). */
export function connections(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.connections');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/** What only a desktop or remote window has: actions and live events (both start virsh). */
export interface MachinesDesktop {
  readonly reader: Omit<MachinesReader, 'inspect'>;
  /** Registers the action commands and keeps the event processes; told of every read. */
  activate(context: vscode.ExtensionContext, tree: MachinesTreeProvider): (inspections: LibvirtInspection[]) => void;
}

/** Every action command of the view (`virtkit.machines.<id>`). */
export const ACTION_COMMANDS = [...Object.keys(ACTIONS), ...Object.keys(VIEW_COMMANDS)].map(
  (id) => `virtkit.machines.${id}`,
);

/**
 * The Virtual Machines view and its Refresh command, which resolves to the items the view shows.
 * `inspect` reads one connection: virsh on the desktop, a "needs a desktop or remote window"
 * answer in the web worker, where `desktop` is absent and the actions only say so.
 */
export function registerMachines(
  context: vscode.ExtensionContext,
  inspect: (uri: string) => Promise<LibvirtInspection>,
  desktop?: MachinesDesktop,
): void {
  let onInspected: (inspections: LibvirtInspection[]) => void = () => undefined;
  const reader: MachinesReader = {
    inspect,
    snapshots: desktop?.reader.snapshots ?? (async () => []),
    volumes: desktop?.reader.volumes ?? (async () => new Map()),
  };
  const tree = new MachinesTreeProvider(connections, reader, (inspections) => {
    void vscode.commands.executeCommand('setContext', 'virtkit.machines.welcome', welcomeReason(inspections));
    onInspected(inspections);
  });
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
  if (context.extensionMode === vscode.ExtensionMode.Test)
    // What the view shows now, WITHOUT a refresh (tests of the live events): connections whose
    // read was dropped by an event are read again, the others answer from the view's cache.
    context.subscriptions.push(
      vscode.commands.registerCommand('virtkit.machines.test.items', (depth: unknown) =>
        tree.snapshot(typeof depth === 'number' && depth >= 1 ? depth : 3),
      ),
    );
  if (desktop) onInspected = desktop.activate(context, tree);
  else
    for (const id of ACTION_COMMANDS)
      context.subscriptions.push(
        vscode.commands.registerCommand(id, () => {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('libvirt needs VS Code Desktop or a remote window: a browser tab cannot run virsh.'),
          );
          return { ok: false };
        }),
      );
}
