import * as vscode from 'vscode';
import { initKnowledge } from './shared/knowledge';
import type { HostReport } from './core/host/types';
import { inspectLibvirt } from './core/libvirt/inspect';
import type { LibvirtInspection } from './core/libvirt/types';
import { registerLibvirtOutline } from './features/libvirtOutline';
import { registerMachines } from './features/machines';
import { machinesDesktop } from './features/machines/desktop';
import { registerConcepts } from './features/concepts';
import { registerHostCheck } from './features/hostCheck';
import { registerTermHover } from './features/hover';
import { registerQemuLanguage } from './features/qemu';
import { registerReferenceHovers } from './features/reference';
import { registerSnippets } from './features/snippets';
import { nodeValidationHost } from './features/validation/nodeHost';
import { registerValidation } from './features/validation';

/** The extension's public API, returned from activate(). */
export interface VirtKitApi {
  /** The version of the API's shape. */
  readonly apiVersion: 1;
  /**
   * Checks this machine's virtualization capabilities (the remote one in a remote window).
   * On Linux, `root` probes a copied tree instead of `/`.
   */
  probeHost(options?: { root?: string }): Promise<HostReport>;
  /**
   * Reads the domains, networks and storage pools (with their volumes) of a libvirt URI through
   * `virsh`, read-only. Never rejects: a connection that fails says why in `state`, `reason`
   * and `message`. In VS Code for the Web it resolves to `state: 'error'`.
   */
  inspectLibvirt(uri: string): Promise<LibvirtInspection>;
}

/** A table of contents: each feature registers itself; nothing heavy runs here. */
export function activate(context: vscode.ExtensionContext): VirtKitApi {
  initKnowledge(context.extensionUri);
  registerConcepts(context);
  registerTermHover(context);
  registerReferenceHovers(context);
  registerQemuLanguage(context);
  registerSnippets(context);
  registerLibvirtOutline(context);
  registerValidation(context, nodeValidationHost());
  const inspect = (uri: string) => inspectLibvirt(uri);
  registerMachines(context, inspect, machinesDesktop);
  const probeHost = registerHostCheck(context);
  return { apiVersion: 1, probeHost, inspectLibvirt: inspect };
}

export function deactivate(): void {}
