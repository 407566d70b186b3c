// libvirt: documents. Reading one is `dumpxml --inactive` (the persistent definition, what the
// next start uses); saving one defines it. A save is refused, and the edited text stays in the
// editor (writeFile throws, so VS Code keeps the document dirty), when libvirt refuses the XML,
// when the document names another object than its URI, or when the definition changed on the
// host since it was read: then the person is offered a diff, and "Save Anyway" only after it.
import * as vscode from 'vscode';
import {
  defineDefinition,
  definitionKindOf,
  definitionName,
  hashDefinition,
  listDefinitions,
  readDefinition,
  DEFINITION_KINDS,
  decodeConnection,
  type DefinitionRef,
} from '../../core/libvirt/definitions';
import { kindLabel, type DefinitionReporter, type SnapshotDocuments } from './report';
import { refOfUri } from './uris';

interface Entry {
  /** The definition as last read from (or written to) the host. */
  text: string;
  hash: string;
  mtime: number;
  /**
   * When a stat read it: the readFile VS Code sends right after a stat is served from it, once
   * (0 when it was served or did not come from a stat).
   */
  statAt: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Milliseconds a stat's read serves the readFile after it (VS Code stats a file right before reading it). */
const FRESH_MS = 1500;

export class LibvirtFileSystem implements vscode.FileSystemProvider {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  /** Saves the person confirmed after seeing the host's newer definition: the host hash they saw. */
  private readonly overwrite = new Map<string, string>();

  constructor(
    private readonly reporter: DefinitionReporter,
    private readonly snapshots: SnapshotDocuments,
    /** Whether a connection may be used (Restricted Mode: only the user's own connections). */
    private readonly allowed: (connection: string) => boolean,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  private ref(uri: vscode.Uri): DefinitionRef {
    const ref = refOfUri(uri);
    if (!ref) throw vscode.FileSystemError.FileNotFound(uri);
    if (!this.allowed(ref.uri))
      throw vscode.FileSystemError.NoPermissions(
        vscode.l10n.t(
          'In Restricted Mode VirtKit only connects to the libvirt connections of your user settings (virtkit.libvirt.connections).',
        ),
      );
    return ref;
  }

  private async read(uri: vscode.Uri, ref: DefinitionRef): Promise<Entry> {
    const key = uri.toString();
    const r = await readDefinition(ref);
    if (!r.ok) {
      if (r.failure === 'not-found') throw vscode.FileSystemError.FileNotFound(uri);
      throw vscode.FileSystemError.Unavailable(r.message);
    }
    const old = this.entries.get(key);
    const hash = hashDefinition(r.xml);
    const entry: Entry = {
      text: r.xml,
      hash,
      // Unchanged text keeps its time, so VS Code sees no change on disk.
      mtime: old && old.hash === hash ? old.mtime : Date.now(),
      statAt: 0,
    };
    this.entries.set(key, entry);
    return entry;
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const parts = uri.path.split('/').filter((p) => p !== '');
    if (parts.length === 0 || (parts.length === 1 && DEFINITION_KINDS.includes(parts[0] as never))) {
      if (!decodeConnection(uri.authority)) throw vscode.FileSystemError.FileNotFound(uri);
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    const ref = this.ref(uri);
    let entry = this.entries.get(uri.toString());
    if (!entry) {
      entry = await this.read(uri, ref);
      entry.statAt = Date.now();
    }
    return { type: vscode.FileType.File, ctime: 0, mtime: entry.mtime, size: encoder.encode(entry.text).length };
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const connection = decodeConnection(uri.authority);
    if (!connection || !this.allowed(connection)) throw vscode.FileSystemError.FileNotFound(uri);
    const parts = uri.path.split('/').filter((p) => p !== '');
    if (parts.length === 0) return DEFINITION_KINDS.map((k) => [k, vscode.FileType.Directory]);
    const kind = DEFINITION_KINDS.find((k) => k === parts[0]);
    if (!kind || parts.length > 1) throw vscode.FileSystemError.FileNotFound(uri);
    const names = await listDefinitions(connection, kind);
    if (!names) throw vscode.FileSystemError.Unavailable(uri);
    return names.map((n) => [`${n}.xml`, vscode.FileType.File]);
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const ref = this.ref(uri);
    const cached = this.entries.get(uri.toString());
    const fresh = cached && Date.now() - cached.statAt < FRESH_MS;
    if (cached) cached.statAt = 0;
    const entry = fresh ? cached : await this.read(uri, ref);
    return encoder.encode(entry.text);
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const ref = this.ref(uri);
    const key = uri.toString();
    const xml = decoder.decode(content);
    const refuse = (error: string, extra: Partial<{ conflict: boolean }> = {}) => {
      this.reporter.remember({ ...ref, ok: false, error, changes: [], ...extra });
      return new vscode.FileSystemError(error);
    };
    // The document must stay the object its URI names: a changed name would define another one.
    const kind = definitionKindOf(xml);
    const name = definitionName(xml);
    if (kind !== ref.kind || name !== ref.name) {
      const error = vscode.l10n.t(
        'This editor holds the {0} “{1}”; the document now defines {2} “{3}”. To define a new object from it, use “Define on Connection…” on a copy.',
        kindLabel(ref.kind),
        ref.name,
        kind ? kindLabel(kind) : '?',
        name ?? '?',
      );
      throw refuse(error);
    }
    // Conflict: the host's definition now, against the one this document was read from.
    const base = this.entries.get(key);
    const now = await readDefinition(ref);
    if (!now.ok && now.failure !== 'not-found') throw refuse(now.message);
    const hostText = now.ok ? now.xml : '';
    const hostHash = hashDefinition(hostText);
    const confirmed = this.overwrite.get(key);
    this.overwrite.delete(key);
    if (base && hostHash !== base.hash && hostHash !== confirmed) {
      const error = now.ok
        ? vscode.l10n.t(
            'The definition of “{0}” changed on the host since you opened it; your version was not saved.',
            ref.name,
          )
        : vscode.l10n.t('“{0}” no longer exists on the host; your version was not saved.', ref.name);
      void this.offerOverwrite(uri, ref, hostText, hostHash, xml, error);
      throw refuse(error, { conflict: true });
    }
    const r = await defineDefinition(ref.uri, ref.kind, xml);
    if (!r.ok) {
      this.reporter.remember({ ...ref, ok: false, error: r.error, location: r.location, changes: [] });
      // VS Code shows the message of a failed save itself: no second notification.
      throw new vscode.FileSystemError(this.reporter.refused(ref, r.error, r.location, uri, false));
    }
    const stored = r.stored || xml;
    this.entries.set(key, { text: stored, hash: hashDefinition(stored), mtime: Date.now(), statAt: 0 });
    this.reporter.remember({ ...ref, ok: true, changes: r.changes });
    this.reporter.accepted(ref, xml, r.changes, uri, r.stored || undefined);
  }

  /** The host's newer definition against the person's, then (only then) "Save Anyway". */
  private async offerOverwrite(
    uri: vscode.Uri,
    ref: DefinitionRef,
    hostText: string,
    hostHash: string,
    yours: string,
    message: string,
  ): Promise<void> {
    const compare = vscode.l10n.t('Compare with Host');
    if ((await vscode.window.showWarningMessage(message, compare)) !== compare) return;
    const host = this.snapshots.add(`${ref.name} (${vscode.l10n.t('on the host')})`, hostText);
    const mine = this.snapshots.add(`${ref.name} (${vscode.l10n.t('yours')})`, yours);
    await vscode.commands.executeCommand('vscode.diff', host, mine, vscode.l10n.t('{0}: host ↔ yours', ref.name));
    const save = vscode.l10n.t('Save Anyway');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Replace the host’s definition of “{0}” on {1} with yours?', ref.name, ref.uri),
      { modal: true },
      save,
    );
    if (choice !== save) return;
    this.overwrite.set(uri.toString(), hostHash);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    await document?.save();
  }

  // Definitions are not created, deleted or renamed as files: that is what the view's actions
  // (define, undefine) are for.
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions();
  }
}
