// Editing libvirt definitions in the editor: the libvirt: file system, Open Definition, Compare
// Definition with File…, Show Pending Changes, Define on Connection… and New Virtual Machine….
// Desktop and remote windows only (virsh runs on the machine of the window).
import * as vscode from 'vscode';
import {
  createVolume,
  defineDefinition,
  DEFINITION_KINDS,
  definitionKindOf,
  definitionName,
  isPossibleName,
  LIBVIRT_SCHEME,
  listDefinitions,
  readDefinition,
  type DefinitionKind,
  type DefinitionRef,
} from '../../core/libvirt/definitions';
import { newDomainXml, type NewDomainOptions } from '../../core/libvirt/newDomain';
import type { XmlChange } from '../../core/libvirt/xmlDiff';
import { SECTION } from '../../shared/settings';
import { nodeValidationHost } from '../validation/nodeHost';
import { BuiltinValidators, validatorSettings } from '../validation/validators';
import { LibvirtFileSystem } from './fileSystem';
import { DefinitionReporter, SNAPSHOT_SCHEME, SnapshotDocuments, type DefinitionReport } from './report';
import { definitionUri, refOfArgument, refOfUri } from './uris';

export type { DefinitionReport } from './report';

/** What `defineLibvirt` on the API resolves to. */
export interface DefineLibvirtResult {
  readonly ok: boolean;
  /** libvirt's words (English) when it refused, or why nothing was tried. */
  readonly error?: string;
  /** The name libvirt stored the object under. */
  readonly name?: string;
  /** What libvirt removed, changed, rewrote in its units, or added. */
  readonly changes: readonly XmlChange[];
}

/** What the feature gives the extension's API. */
export interface LibvirtFsApi {
  defineLibvirt(uri: string, kind: DefinitionKind, xml: string): Promise<DefineLibvirtResult>;
  lastDefinitionReport(documentUri: string): DefinitionReport | undefined;
}

/** The user's connections (`virtkit.libvirt.connections`, machine scope; never a workspace's). */
function connections(): string[] {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('libvirt.connections');
  const list = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
  return list.length > 0 ? [...new Set(list)] : ['qemu:///system'];
}

/**
 * In a trusted window any connection a libvirt: URI names may be used (a person opened it); in
 * Restricted Mode only the user's own, so that a link in an untrusted folder cannot point
 * VirtKit at a host.
 */
const allowedConnection = (connection: string) => vscode.workspace.isTrusted || connections().includes(connection);

async function pickConnection(title: string): Promise<string | undefined> {
  const list = connections();
  if (list.length === 1) return list[0];
  return vscode.window.showQuickPick(list, { title, placeHolder: vscode.l10n.t('libvirt connection') });
}

/** Asks for a connection, a kind and an object when a command ran without an argument. */
async function pickDefinition(title: string): Promise<DefinitionRef | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const fromEditor = active && refOfUri(active);
  if (fromEditor) return fromEditor;
  const uri = await pickConnection(title);
  if (!uri) return undefined;
  const kinds: { label: string; value: DefinitionKind }[] = [
    { label: vscode.l10n.t('Domains'), value: 'domain' },
    { label: vscode.l10n.t('Networks'), value: 'network' },
    { label: vscode.l10n.t('Storage pools'), value: 'pool' },
  ];
  const kind = (await vscode.window.showQuickPick(kinds, { title }))?.value;
  if (!kind) return undefined;
  const names = await listDefinitions(uri, kind);
  if (!names) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not list the objects of {0}.', uri));
    return undefined;
  }
  const name = await vscode.window.showQuickPick(names, { title });
  return name ? { uri, kind, name } : undefined;
}

const openDocument = async (uri: vscode.Uri) =>
  vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });

export function registerLibvirtFs(context: vscode.ExtensionContext): LibvirtFsApi {
  const snapshots = new SnapshotDocuments();
  const reporter = new DefinitionReporter(snapshots);
  const fs = new LibvirtFileSystem(reporter, snapshots, allowedConnection);
  const validators = new BuiltinValidators(context.extensionUri, nodeValidationHost());

  const define = async (ref: Omit<DefinitionRef, 'name'>, xml: string) => {
    const name = definitionName(xml) ?? '';
    const r = await defineDefinition(ref.uri, ref.kind, xml);
    const full = { ...ref, name: r.ok ? r.name : name };
    if (!r.ok) {
      reporter.remember({ ...full, ok: false, error: r.error, location: r.location, changes: [] });
      return { r, full };
    }
    reporter.remember({ ...full, ok: true, changes: r.changes });
    return { r, full };
  };

  context.subscriptions.push(
    fs,
    reporter,
    vscode.workspace.registerFileSystemProvider(LIBVIRT_SCHEME, fs, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(SNAPSHOT_SCHEME, snapshots),
    // A later edit moves the text under libvirt's warnings: they would point at the wrong lines.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && reporter.diagnostics.has(e.document.uri))
        reporter.diagnostics.delete(e.document.uri);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => reporter.diagnostics.delete(d.uri)),

    vscode.commands.registerCommand('virtkit.libvirt.openDefinition', async (arg?: unknown) => {
      const ref =
        refOfArgument(arg) ?? (arg === undefined ? await pickDefinition(vscode.l10n.t('Open Definition')) : undefined);
      if (!ref) return undefined;
      const uri = definitionUri(ref);
      await openDocument(uri);
      return uri.toString();
    }),

    vscode.commands.registerCommand('virtkit.libvirt.compareWithFile', async (arg?: unknown, file?: unknown) => {
      const ref =
        refOfArgument(arg) ??
        (arg === undefined ? await pickDefinition(vscode.l10n.t('Compare Definition with File…')) : undefined);
      if (!ref) return undefined;
      let other = file instanceof vscode.Uri ? file : undefined;
      if (!other) {
        const found = await vscode.workspace.findFiles('**/*.xml', '**/node_modules/**', 2000);
        const pick = await vscode.window.showQuickPick(
          found.map((u) => ({ label: vscode.workspace.asRelativePath(u), uri: u })),
          { title: vscode.l10n.t('Compare “{0}” with…', ref.name), matchOnDescription: true },
        );
        other = pick?.uri;
        if (!other && found.length === 0)
          other = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { XML: ['xml'] } }))?.[0];
      }
      if (!other) return undefined;
      await vscode.commands.executeCommand(
        'vscode.diff',
        definitionUri(ref),
        other,
        vscode.l10n.t('{0} (host) ↔ {1}', ref.name, vscode.workspace.asRelativePath(other)),
      );
      return other.toString();
    }),

    vscode.commands.registerCommand('virtkit.libvirt.showPendingChanges', async (arg?: unknown) => {
      const ref =
        refOfArgument(arg) ??
        (arg === undefined ? await pickDefinition(vscode.l10n.t('Show Pending Changes')) : undefined);
      if (!ref) return undefined;
      if (ref.kind !== 'domain') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Pending changes are shown for domains only.'));
        return undefined;
      }
      const live = await readDefinition(ref, { live: true });
      if (!live.ok) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Could not read “{0}”: {1}', ref.name, live.message));
        return undefined;
      }
      const left = snapshots.add(`${ref.name} (${vscode.l10n.t('running')})`, live.xml);
      await vscode.commands.executeCommand(
        'vscode.diff',
        left,
        definitionUri(ref),
        vscode.l10n.t('{0}: running ↔ next start', ref.name),
      );
      return left.toString();
    }),

    vscode.commands.registerCommand(
      'virtkit.libvirt.defineOnConnection',
      async (arg?: unknown, options?: { connection?: string; confirmed?: boolean }) => {
        const document =
          arg instanceof vscode.Uri
            ? await vscode.workspace.openTextDocument(arg)
            : vscode.window.activeTextEditor?.document;
        if (!document) return { ok: false, reason: 'no-document' };
        const xml = document.getText();
        const kind = definitionKindOf(xml);
        if (!kind) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t('This document is not a libvirt domain, network or storage pool definition.'),
          );
          return { ok: false, reason: 'not-a-definition' };
        }
        // Untrusted content must not reach a host: only libvirt: documents (read from a host the
        // person chose) may be defined in Restricted Mode.
        if (!vscode.workspace.isTrusted && document.uri.scheme !== LIBVIRT_SCHEME) {
          void vscode.window.showErrorMessage(
            vscode.l10n.t(
              'Restricted Mode: VirtKit does not define documents of an untrusted workspace on a libvirt host, because their content could change what that host runs. Trust the workspace to define it.',
            ),
          );
          return { ok: false, reason: 'untrusted' };
        }
        const name = definitionName(xml);
        if (!name || !isPossibleName(name)) {
          void vscode.window.showErrorMessage(vscode.l10n.t('The definition has no usable <name>.'));
          return { ok: false, reason: 'no-name' };
        }
        const title = vscode.l10n.t('Define on Connection…');
        const connection = options?.connection ?? (await pickConnection(title));
        if (!connection) return { ok: false, reason: 'cancelled' };
        if (!allowedConnection(connection)) return { ok: false, reason: 'untrusted' };
        // The in-process validator first: libvirt itself accepts much and drops it silently.
        const verdict = await (await validators.get(validatorSettings().schemas)).validate(xml);
        if (verdict.status === 'refused-doctype') {
          void vscode.window.showErrorMessage(vscode.l10n.t('The document declares a DOCTYPE; it is not defined.'));
          return { ok: false, reason: 'invalid' };
        }
        if (verdict.status === 'invalid' && !options?.confirmed) {
          const anyway = vscode.l10n.t('Define Anyway');
          const problems = verdict.problems
            .slice(0, 5)
            .map((p) => `${p.line !== null ? `${p.line}: ` : ''}${p.raw}`)
            .join('\n');
          const choice = await vscode.window.showWarningMessage(
            vscode.l10n.t('The document is not valid for libvirt’s schema ({0} problems).', verdict.problems.length),
            { modal: true, detail: problems },
            anyway,
          );
          if (choice !== anyway) {
            void vscode.commands.executeCommand('virtkit.validateXml', document.uri);
            return { ok: false, reason: 'invalid' };
          }
        }
        if (!options?.confirmed) {
          const ok = vscode.l10n.t('Define');
          const exists = (await listDefinitions(connection, kind))?.includes(name);
          const choice = await vscode.window.showWarningMessage(
            exists
              ? vscode.l10n.t('Replace the definition of “{0}” on {1}?', name, connection)
              : vscode.l10n.t('Define “{0}” on {1}?', name, connection),
            {
              modal: true,
              detail: exists
                ? vscode.l10n.t('An object of this name exists there; its persistent definition will be replaced.')
                : vscode.l10n.t('It is defined, not started.'),
            },
            ok,
          );
          if (choice !== ok) return { ok: false, reason: 'cancelled' };
        }
        const { r, full } = await define({ uri: connection, kind }, xml);
        if (!r.ok) {
          reporter.refused(full, r.error, r.location, document.uri);
          return { ok: false, reason: 'refused', error: r.error };
        }
        reporter.accepted(full, xml, r.changes);
        await openDocument(definitionUri(full));
        return { ok: true, uri: definitionUri(full).toString(), changes: r.changes };
      },
    ),

    vscode.commands.registerCommand('virtkit.libvirt.newVirtualMachine', async (given?: Partial<NewDomainOptions>) => {
      const options = given && typeof given.name === 'string' ? completeOptions(given) : await askNewDomain();
      if (!options) return undefined;
      const document = await vscode.workspace.openTextDocument({ language: 'xml', content: newDomainXml(options) });
      await vscode.window.showTextDocument(document);
      return document.uri.toString();
    }),
  );

  return {
    async defineLibvirt(uri, kind, xml) {
      if (!DEFINITION_KINDS.includes(kind)) return { ok: false, error: `unknown kind ${String(kind)}`, changes: [] };
      const { r, full } = await define({ uri, kind }, xml);
      return r.ok ? { ok: true, name: full.name, changes: r.changes } : { ok: false, error: r.error, changes: [] };
    },
    lastDefinitionReport: (documentUri) => reporter.last.get(vscode.Uri.parse(documentUri).toString()),
  };
}

function completeOptions(o: Partial<NewDomainOptions>): NewDomainOptions {
  const name = o.name ?? 'vm';
  return {
    name,
    memoryMiB: o.memoryMiB ?? 2048,
    vcpus: o.vcpus ?? 2,
    type: o.type === 'qemu' ? 'qemu' : 'kvm',
    diskPath: o.diskPath,
    diskSizeGiB: o.diskSizeGiB,
    isoPath: o.isoPath,
    network: o.network,
  };
}

/** The guided quick pick; undefined when the person cancels any step. */
async function askNewDomain(): Promise<NewDomainOptions | undefined> {
  const title = vscode.l10n.t('New Virtual Machine…');
  const positive = (max: number) => (v: string) =>
    /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= max
      ? undefined
      : vscode.l10n.t('A whole number from 1 to {0}', max);
  const name = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Name of the virtual machine'),
    value: 'vm1',
    validateInput: (v) => (isPossibleName(v) && v.trim() === v ? undefined : vscode.l10n.t('A name without “/”')),
  });
  if (name === undefined) return undefined;
  const memory = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Memory in MiB'),
    value: '2048',
    validateInput: positive(16 * 1024 * 1024),
  });
  if (memory === undefined) return undefined;
  const vcpus = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Virtual CPUs'),
    value: '2',
    validateInput: positive(4096),
  });
  if (vcpus === undefined) return undefined;
  const type = await vscode.window.showQuickPick(
    [
      { label: 'KVM', description: vscode.l10n.t('hardware virtualization (needs /dev/kvm)'), type: 'kvm' as const },
      { label: 'QEMU', description: vscode.l10n.t('emulation (TCG): slow, works without KVM'), type: 'qemu' as const },
    ],
    { title },
  );
  if (!type) return undefined;
  const size = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Disk size in GiB (0 for no disk)'),
    value: '20',
    validateInput: (v) => (/^\d+$/.test(v.trim()) ? undefined : vscode.l10n.t('A whole number')),
  });
  if (size === undefined) return undefined;
  let diskPath: string | undefined;
  let diskCreated = false;
  if (Number(size) > 0) {
    const reference = vscode.l10n.t('Reference a disk image path (it must exist before the first start)');
    const create = vscode.l10n.t('Create a volume in the storage pool “default” now');
    const how = await vscode.window.showQuickPick([reference, create], { title });
    if (!how) return undefined;
    if (how === create) {
      const connection = await pickConnection(title);
      if (!connection) return undefined;
      const volume = `${name}.qcow2`;
      const ok = vscode.l10n.t('Create');
      const choice = await vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Create the {0} GiB volume “{1}” in the pool “default” on {2}?',
          Number(size),
          volume,
          connection,
        ),
        { modal: true },
        ok,
      );
      if (choice !== ok) return undefined;
      const r = await createVolume(connection, 'default', volume, Number(size));
      if (r.ok) {
        diskPath = r.path;
        diskCreated = true;
      } else void vscode.window.showErrorMessage(vscode.l10n.t('The volume was not created: {0}', r.error));
    }
  }
  if (Number(size) > 0 && !diskCreated) {
    diskPath = await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('Disk image path (it must exist before the first start)'),
      value: `/var/lib/libvirt/images/${name}.qcow2`,
    });
    if (diskPath === undefined) return undefined;
  }
  const iso = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Installation ISO path (empty for none)'),
    value: '',
  });
  if (iso === undefined) return undefined;
  const network = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('libvirt network (empty for none)'),
    value: 'default',
  });
  if (network === undefined) return undefined;
  return {
    name,
    memoryMiB: Number(memory),
    vcpus: Number(vcpus),
    type: type.type,
    diskPath: diskPath || undefined,
    diskSizeGiB: Number(size) || undefined,
    diskCreated,
    isoPath: iso.trim() || undefined,
    network: network.trim() || undefined,
  };
}
