import * as vscode from 'vscode';
import { initKnowledge } from './shared/knowledge';
import type { HostReport } from './core/host/types';
import { inspectLibvirt } from './core/libvirt/inspect';
import type { LibvirtInspection } from './core/libvirt/types';
import type { DefinitionKind } from './core/libvirt/definitions';
import { registerLibvirtFs, type DefineLibvirtResult, type DefinitionReport } from './features/libvirtFs';
import { registerLibvirtOutline } from './features/libvirtOutline';
import { registerMachines } from './features/machines';
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
  /**
   * Defines (creates or replaces) a domain, network or storage pool from XML on a libvirt URI,
   * as "Define on Connection…" does but without asking. Never rejects: when libvirt refuses the
   * XML, `ok` is false and `error` has libvirt's words (nothing changed on the host); when it
   * accepts it, `changes` lists what libvirt removed, changed, rewrote in its own units
   * (`normalised`) or added, from comparing the XML with `dumpxml --inactive` right after.
   * In VS Code for the Web it resolves to `ok: false`.
   */
  defineLibvirt(uri: string, kind: DefinitionKind, xml: string): Promise<DefineLibvirtResult>;
  /**
   * The outcome of the last save of a `libvirt:` document (by its URI string): whether libvirt
   * accepted it, refused it (`error`, `location`), or it was refused as a conflict (`conflict`),
   * and what libvirt changed. Undefined before the first save.
   */
  lastDefinitionReport(documentUri: string): DefinitionReport | undefined;
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
  registerMachines(context, inspect);
  const definitions = registerLibvirtFs(context);
  const probeHost = registerHostCheck(context);
  return {
    apiVersion: 1,
    probeHost,
    inspectLibvirt: inspect,
    defineLibvirt: definitions.defineLibvirt,
    lastDefinitionReport: definitions.lastDefinitionReport,
  };
}

export function deactivate(): void {}
