import * as vscode from 'vscode';
import { initKnowledge } from './shared/knowledge';
import type { HostReport } from './core/host/types';
import { inspectLibvirt } from './core/libvirt/inspect';
import type { LibvirtInspection, LibvirtReadOptions } from './core/libvirt/types';
import type { DefinitionKind } from './core/libvirt/definitions';
import { registerLibvirtFs, type DefineLibvirtResult, type DefinitionReport } from './features/libvirtFs';
import { registerLibvirtOutline } from './features/libvirtOutline';
import { readTimeoutMs, registerMachines } from './features/machines';
import { machinesDesktop } from './features/machines/desktop';
import { registerConcepts } from './features/concepts';
import { registerHostCheck } from './features/hostCheck';
import { registerTermHover } from './features/hover';
import { registerQemuLanguage } from './features/qemu';
import { nodeInstalledQemu, type InstalledQemuReport } from './features/qemu/installedQemu';
import type { QemuArch } from './core/qemu/data';
import { registerQemuConvert } from './features/qemu/convertCommand';
import { registerQemuNative } from './features/qemu/nativeCommandLine';
import { registerReferenceHovers } from './features/reference';
import { registerSnippets } from './features/snippets';
import { nodeValidationHost } from './features/validation/nodeHost';
import { registerValidation } from './features/validation';
import { HostValuesSource, libvirtSchemaAt, registerLibvirtCompletion } from './features/libvirtCompletion';
import { nodeVirshRunner } from './features/libvirtCompletion/nodeHost';
import type { SchemaElementInfo } from './core/libvirtXml/schemaModel';

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
   * and `message`. In VS Code for the Web it resolves to `state: 'error'`. `options.timeoutMs`
   * (default the `virtkit.libvirt.timeoutSeconds` setting) and `options.signal` stop it early,
   * with `reason: 'timeout'` or `'cancelled'`.
   */
  inspectLibvirt(uri: string, options?: LibvirtReadOptions): Promise<LibvirtInspection>;
  /**
   * The QEMU of an architecture installed where the window runs, as QEMU completion and checks
   * use it: `same` (the bundled data is its answer), `installed` (its own answers, captured),
   * `capturing`, `absent`, `failed`, or `not-asked` with the reason (Restricted Mode, the
   * `virtkit.qemu.useInstalledQemu` setting, or no machine to ask in the browser). Resolves once
   * the comparison (and any capture) is done.
   */
  inspectQemu(arch: QemuArch): Promise<InstalledQemuReport>;
  /**
   * Converts a QEMU command line (qemu-system-x86_64 or -aarch64; the first one in the text) to
   * libvirt domain XML. `unmapped` lists each option not expressed in libvirt's own elements,
   * with the reason in the UI language. Rejects when the text holds no such command line.
   */
  qemuToLibvirt(commandLine: string): Promise<{ xml: string; unmapped: { option: string; reason: string }[] }>;
  /**
   * What libvirt's schemas (the ones the validator judges with) allow in the element at `path`,
   * root first (`['domain', 'devices', 'disk']`): child elements, attributes and their
   * enumerated values. Undefined when the root is not a libvirt document's or the place unknown.
   */
  libvirtSchemaAt(path: readonly string[]): Promise<SchemaElementInfo | undefined>;
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
  const installedQemu = nodeInstalledQemu(context);
  registerQemuLanguage(context, installedQemu.access);
  const qemuToLibvirt = registerQemuConvert(context);
  registerQemuNative(context);
  registerSnippets(context);
  registerLibvirtOutline(context);
  const validation = registerValidation(context, nodeValidationHost());
  registerLibvirtCompletion(context, validation.schemaModels, new HostValuesSource(nodeVirshRunner));
  const inspect = (uri: string, options?: LibvirtReadOptions) =>
    inspectLibvirt(uri, { timeoutMs: options?.timeoutMs ?? readTimeoutMs(), signal: options?.signal });
  registerMachines(context, inspect, machinesDesktop);
  const definitions = registerLibvirtFs(context);
  const probeHost = registerHostCheck(context);
  return {
    apiVersion: 1,
    probeHost,
    inspectLibvirt: inspect,
    inspectQemu: installedQemu.inspect,
    qemuToLibvirt,
    libvirtSchemaAt: (path) => libvirtSchemaAt(validation.schemaModels, path),
    defineLibvirt: definitions.defineLibvirt,
    lastDefinitionReport: definitions.lastDefinitionReport,
  };
}

export function deactivate(): void {}
