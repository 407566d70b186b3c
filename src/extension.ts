import * as vscode from 'vscode';
import { initKnowledge } from './shared/knowledge';
import type { HostReport } from './core/host/types';
import { registerLibvirtOutline } from './features/libvirtOutline';
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
  const probeHost = registerHostCheck(context);
  return { apiVersion: 1, probeHost };
}

export function deactivate(): void {}
