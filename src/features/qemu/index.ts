// QEMU command lines in shell scripts, Markdown and plain text: completion and Problems-panel
// checks from the language service in src/core/qemu, with the data the installed QEMU gave
// (data/qemu/*.json in the extension folder). The data is read on first need, through
// vscode.workspace.fs so that it works in the web worker too; documents without a
// qemu-system-* command never load it. In a desktop or remote window of a trusted workspace,
// the QEMU installed there answers instead when it is another version (see installedQemu
// below and src/core/qemu/installed.ts).
import * as vscode from 'vscode';
import { commandWindow } from '../../shared/commandWindow';
import { parseQemuData, QEMU_ARCHES, type QemuArch, type QemuData, type QemuRemovals } from '../../core/qemu/data';
import {
  qemuCompletions,
  qemuDiagnostics,
  type QemuCompletion,
  type QemuCompletionKind,
  type QemuDataSource,
  type QemuDiagnostic,
} from '../../core/qemu/languageService';

const LANGUAGES = ['shellscript', 'markdown', 'plaintext'];
const SELECTOR = LANGUAGES.map((language) => ({ language }));
/** A cheap test before anything is parsed or loaded: the service only ever acts on these. */
const QEMU_TEXT = /qemu-system-|qemu-kvm/;
const DEBOUNCE_MS = 300;
// Completion looks at a window of lines around the cursor, as the hovers do.

// ── data ───────────────────────────────────────────────────────────────────────────────────────

let loading: Promise<QemuDataSource> | undefined;

/**
 * The QEMU installed where the window runs, from the Node host (the web worker has none).
 * `ask(arch)` starts finding / comparing / capturing it; `data(arch)` is its answer once ready.
 */
export interface InstalledQemuAccess {
  ask(arch: QemuArch): void;
  data(arch: QemuArch): QemuData | undefined;
}
let installed: InstalledQemuAccess | undefined;

async function readJson(base: vscode.Uri, name: string): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(base, 'data', 'qemu', name));
  return new TextDecoder().decode(bytes);
}

/** Loads data/qemu once; a file that cannot be read leaves its architecture without data. */
export function qemuData(extensionUri: vscode.Uri): Promise<QemuDataSource> {
  loading ??= (async () => {
    const byArch = new Map<QemuArch, QemuData>();
    await Promise.all(
      QEMU_ARCHES.map(async (arch) => {
        try {
          byArch.set(arch, parseQemuData(await readJson(extensionUri, `${arch}.json`)));
        } catch (e) {
          console.warn(`VirtKit: no QEMU data for ${arch}: ${String(e)}`);
        }
      }),
    );
    let removals: QemuRemovals | undefined;
    try {
      removals = JSON.parse(await readJson(extensionUri, 'removed-options.json')) as QemuRemovals;
    } catch (e) {
      console.warn(`VirtKit: no QEMU removed-options data: ${String(e)}`);
    }
    const data = (arch: QemuArch) => {
      installed?.ask(arch);
      return installed?.data(arch) ?? byArch.get(arch);
    };
    return { data, ...(removals ? { removals } : {}) };
  })();
  return loading;
}

// ── completion ─────────────────────────────────────────────────────────────────────────────────

const KINDS: Record<QemuCompletionKind, vscode.CompletionItemKind> = {
  option: vscode.CompletionItemKind.Keyword,
  machine: vscode.CompletionItemKind.Module,
  cpu: vscode.CompletionItemKind.Constant,
  accel: vscode.CompletionItemKind.EnumMember,
  device: vscode.CompletionItemKind.Class,
  backend: vscode.CompletionItemKind.Class,
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  id: vscode.CompletionItemKind.Reference,
};

function toItem(c: QemuCompletion, doc: vscode.TextDocument, base: number, data: QemuData): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
  item.range = new vscode.Range(doc.positionAt(base + c.start), doc.positionAt(base + c.end));
  if (c.kind === 'option' && c.hint) item.detail = `${c.label} ${c.hint}`;
  else if (c.type)
    item.detail = c.default !== undefined ? vscode.l10n.t('{0}, default {1}', c.type, c.default) : c.type;
  const md = new vscode.MarkdownString();
  if (c.desc) md.appendText(c.desc).appendMarkdown('\n\n');
  md.appendText(vscode.l10n.t('From {0} {1}', data.binary, data.version));
  item.documentation = md;
  return item;
}

function provideCompletion(
  extensionUri: vscode.Uri,
  doc: vscode.TextDocument,
  position: vscode.Position,
  token: vscode.CancellationToken,
): Promise<vscode.CompletionItem[] | undefined> | undefined {
  const { text, base } = commandWindow(doc, position);
  if (!QEMU_TEXT.test(text)) return undefined;
  const offset = doc.offsetAt(position) - base;
  return qemuData(extensionUri).then((source) => {
    if (token.isCancellationRequested) return undefined;
    const result = qemuCompletions(text, offset, source);
    const data = result && source.data(result.arch);
    if (!result || !data) return undefined;
    return result.items.map((c) => toItem(c, doc, base, data));
  });
}

// ── diagnostics ────────────────────────────────────────────────────────────────────────────────

/** The message of a diagnostic code, in VS Code's display language. */
export function qemuMessage(d: QemuDiagnostic): string {
  const [a = '', b = '', c = ''] = d.args;
  switch (d.code) {
    case 'unknown-option':
      return vscode.l10n.t('{0} is not an option of QEMU {1}', a, d.qemu);
    case 'removed-option':
      return vscode.l10n.t('{0} was removed in QEMU {1}', a, b);
    case 'removed-later':
      return vscode.l10n.t('{0} still works in QEMU {1} but was removed in QEMU {2}', a, c, b);
    case 'deprecated-option':
      return vscode.l10n.t('{0} is deprecated since QEMU {1}', a, b);
    case 'unknown-device':
      return vscode.l10n.t('QEMU {1} has no device {0}', a, d.qemu);
    case 'device-unavailable':
      return vscode.l10n.t('QEMU lists the device {0} but cannot create it here: {1}', a, b);
    case 'unknown-property':
      return vscode.l10n.t('The device {1} has no property {0} in QEMU {2}', a, b, d.qemu);
    case 'unknown-type':
      return vscode.l10n.t('{1} does not accept {0} in QEMU {2}', a, b, d.qemu);
    case 'unused-id':
      return vscode.l10n.t('Nothing on this command line uses the {1} id {0}', a, b);
    case 'missing-id':
      return vscode.l10n.t('No {1} on this command line has the id {0}', a, b);
    case 'duplicate-address':
      return vscode.l10n.t('Another device already uses address {1} on bus {0}', a, b);
  }
}

const SEVERITY: Record<QemuDiagnostic['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

class QemuDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('virtkit-qemu');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The document version each URI was last checked at: one run per version. */
  private readonly checked = new Map<string, number>();

  constructor(private readonly extensionUri: vscode.Uri) {}

  schedule(doc: vscode.TextDocument, delay = DEBOUNCE_MS): void {
    if (!LANGUAGES.includes(doc.languageId)) {
      this.forget(doc);
      return;
    }
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc);
      }, delay),
    );
  }

  private async check(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const version = doc.version;
    if (doc.isClosed || this.checked.get(key) === version) return;
    this.checked.set(key, version);
    const text = doc.getText();
    if (!QEMU_TEXT.test(text)) {
      this.collection.delete(doc.uri);
      return;
    }
    const source = await qemuData(this.extensionUri);
    if (doc.isClosed || doc.version !== version) return; // a newer run is scheduled
    const found = qemuDiagnostics(text, source);
    this.collection.set(
      doc.uri,
      found.map((d) => {
        const diag = new vscode.Diagnostic(
          new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end)),
          qemuMessage(d),
          SEVERITY[d.severity],
        );
        diag.source = `VirtKit (QEMU ${d.qemu})`;
        diag.code = d.code;
        return diag;
      }),
    );
  }

  /** Checks every open document again (the data changed: the installed QEMU answered). */
  recheckAll(): void {
    this.checked.clear();
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  forget(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.checked.delete(key);
    this.collection.delete(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

/** The bundled data of an architecture (data/qemu), for the installed QEMU to be compared with. */
export async function bundledQemuData(extensionUri: vscode.Uri, arch: QemuArch): Promise<QemuData | undefined> {
  try {
    return parseQemuData(await readJson(extensionUri, `${arch}.json`));
  } catch {
    return undefined;
  }
}

/**
 * Completion and checks for qemu-system-x86_64 / qemu-system-aarch64 command lines.
 * `installedQemu`, from the Node host, gives the QEMU installed where the window runs; it is
 * told to recheck documents when that QEMU's answers arrive.
 */
export function registerQemuLanguage(
  context: vscode.ExtensionContext,
  installedQemu?: (recheck: () => void) => InstalledQemuAccess,
): void {
  const diagnostics = new QemuDiagnostics(context.extensionUri);
  installed = installedQemu?.(() => {
    // Completion reads the data source afresh each time; diagnostics need a new run.
    diagnostics.recheckAll();
  });
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCompletionItemProvider(
      SELECTOR,
      { provideCompletionItems: (d, p, t) => provideCompletion(context.extensionUri, d, p, t) },
      '-',
      ',',
      '=',
    ),
    vscode.workspace.onDidOpenTextDocument((d) => diagnostics.schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => diagnostics.schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => diagnostics.forget(d)),
  );
  for (const d of vscode.workspace.textDocuments) diagnostics.schedule(d, 0);
}
