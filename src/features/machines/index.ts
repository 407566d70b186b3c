import * as vscode from 'vscode';
import { ACTIONS, VIEW_COMMANDS } from '../../core/libvirt/actionSpecs';
import type { LibvirtInspection } from '../../core/libvirt/types';
import { SECTION, onSettingChanged } from '../../shared/settings';
import {
  MachinesTreeProvider,
  welcomeReason,
  type MachineItemSnapshot,
  type WelcomeReason,
  type MachinesReader,
} from './machinesTreeProvider';

/** The libvirt URIs of `virtkit.libvirt.connections` (a machine-scoped setting). */
export function connections(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.connections');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

/**
 * How long a read of libvirt (the view, inspectLibvirt) may take before virsh and everything it
 * started (ssh) is stopped: `virtkit.libvirt.timeoutSeconds`, a machine-scoped setting.
 */
export function readTimeoutMs(): number {
  const s = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.timeoutSeconds');
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? Math.min(s, 600) * 1000 : 15_000;
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
  let welcome: WelcomeReason = 'none';
  const reader: MachinesReader = {
    inspect,
    snapshots: desktop?.reader.snapshots ?? (async () => []),
    volumes: desktop?.reader.volumes ?? (async () => new Map()),
  };
  const tree = new MachinesTreeProvider(connections, reader, (inspections) => {
    welcome = welcomeReason(inspections);
    void vscode.commands.executeCommand('setContext', 'virtkit.machines.welcome', welcome);
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
  // Tests read what the view shows now (its welcome, its items from what it has read), without
  // the re-read that Refresh does: that is how they see the view change by itself.
  if (context.extensionMode === vscode.ExtensionMode.Test)
    context.subscriptions.push(
      vscode.commands.registerCommand(
        'virtkit.machines.test.view',
        async (depth?: number): Promise<{ welcome: WelcomeReason; items: MachineItemSnapshot[] }> => {
          const items = await tree.snapshot(depth);
          return { welcome, items };
        },
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
