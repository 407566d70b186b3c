// Telling a person what happened to a definition they submitted: libvirt's refusal (a message
// and a diagnostic where it points), or what libvirt dropped and rewrote (a message, warnings
// on the dropped parts, and a diff of what was submitted against what libvirt kept).
import * as vscode from 'vscode';
import type { DefinitionKind, DefinitionRef, ErrorLocation } from '../../core/libvirt/definitions';
import { countChanges, describeChange, type XmlChange } from '../../core/libvirt/xmlDiff';
import { definitionUri } from './uris';

/** The scheme of read-only snapshots: what was submitted, the running definition. */
export const SNAPSHOT_SCHEME = 'virtkit-libvirt-snapshot';

/** The outcome of one define, kept for the API and tests. */
export interface DefinitionReport {
  readonly uri: string;
  readonly kind: DefinitionKind;
  readonly name: string;
  readonly ok: boolean;
  /** Refused because the definition changed on the host since it was read. */
  readonly conflict?: boolean;
  /** libvirt's (or VirtKit's) words when it was not defined. */
  readonly error?: string;
  readonly location?: ErrorLocation;
  readonly changes: readonly XmlChange[];
}

/** Read-only documents with fixed text, each under its own URI. */
export class SnapshotDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.query) ?? '';
  }

  /** A URI whose document shows `text`; `label` names it in the editor's title. */
  add(label: string, text: string): vscode.Uri {
    const id = String(++this.next);
    this.texts.set(id, text);
    // Older snapshots go: a session seldom needs more than a few.
    if (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value as string);
    return vscode.Uri.from({ scheme: SNAPSHOT_SCHEME, path: `/${label}.xml`, query: id });
  }
}

export function kindLabel(kind: DefinitionKind): string {
  return kind === 'domain'
    ? vscode.l10n.t('domain')
    : kind === 'network'
      ? vscode.l10n.t('network')
      : vscode.l10n.t('storage pool');
}

export class DefinitionReporter {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('virtkit-libvirt-define');
  private readonly output = vscode.window.createOutputChannel(vscode.l10n.t('VirtKit: libvirt definitions'));
  /** The last report per libvirt: URI (and per `uri kind name` for defines from elsewhere). */
  readonly last = new Map<string, DefinitionReport>();

  constructor(private readonly snapshots: SnapshotDocuments) {}

  dispose(): void {
    this.diagnostics.dispose();
    this.output.dispose();
  }

  remember(report: DefinitionReport): void {
    this.last.set(definitionUri(report).toString(), report);
  }

  /** libvirt refused: the message, and a diagnostic where it points in `document`. */
  refused(
    ref: DefinitionRef,
    error: string,
    location: ErrorLocation | undefined,
    document?: vscode.Uri,
    notify = true,
  ): string {
    const message = vscode.l10n.t(
      'libvirt did not accept the definition of {0} “{1}”: {2}',
      kindLabel(ref.kind),
      ref.name,
      error,
    );
    if (document) {
      const line = Math.max((location?.line ?? 1) - 1, 0);
      const column = Math.max((location?.column ?? 1) - 1, 0);
      const d = new vscode.Diagnostic(
        new vscode.Range(line, column, line, column + 1_000),
        vscode.l10n.t('libvirt did not accept this: {0}', error),
        vscode.DiagnosticSeverity.Error,
      );
      d.source = 'libvirt';
      this.diagnostics.set(document, location ? [d] : []);
    }
    if (notify) void vscode.window.showErrorMessage(message);
    return message;
  }

  /**
   * libvirt accepted the definition: warnings on what it dropped (in `document`, when the
   * submitted text is an editor's), and a message with a diff when it dropped or changed anything.
   */
  accepted(
    ref: DefinitionRef,
    submitted: string,
    changes: readonly XmlChange[],
    document?: vscode.Uri,
    kept?: string,
  ): void {
    const n = countChanges(changes);
    if (document)
      this.diagnostics.set(
        document,
        changes
          .filter((c) => (c.kind === 'removed' || c.kind === 'changed') && c.line !== undefined)
          .map((c) => {
            const line = (c.line ?? 1) - 1;
            const d = new vscode.Diagnostic(
              new vscode.Range(line, 0, line, 1_000),
              c.kind === 'removed'
                ? vscode.l10n.t('libvirt did not keep this: {0}', `${c.path} ${c.before ?? ''}`.trim())
                : vscode.l10n.t('libvirt stored this differently: {0} → {1}', c.before ?? '', c.after ?? ''),
              vscode.DiagnosticSeverity.Warning,
            );
            d.source = 'libvirt';
            return d;
          }),
      );
    if (changes.length > 0) {
      this.output.appendLine(`${new Date().toISOString()} ${ref.kind} ${ref.name} (${ref.uri})`);
      for (const c of changes) this.output.appendLine(`  ${describeChange(c)}${c.line ? ` (line ${c.line})` : ''}`);
    }
    const important = n.removed + n.changed + n.normalised;
    if (important === 0) {
      vscode.window.setStatusBarMessage(
        n.added > 0
          ? vscode.l10n.t('libvirt defined “{0}” as written and added {1} defaults.', ref.name, n.added)
          : vscode.l10n.t('libvirt defined “{0}” as written.', ref.name),
        6000,
      );
      return;
    }
    // Only the kinds that happened, each with its own singular and plural.
    const parts = [
      n.removed === 1
        ? vscode.l10n.t('1 element or attribute removed')
        : n.removed > 1 && vscode.l10n.t('{0} elements or attributes removed', n.removed),
      n.changed === 1
        ? vscode.l10n.t('1 value changed')
        : n.changed > 1 && vscode.l10n.t('{0} values changed', n.changed),
      n.normalised === 1
        ? vscode.l10n.t('1 value rewritten in libvirt’s own units')
        : n.normalised > 1 && vscode.l10n.t('{0} values rewritten in libvirt’s own units', n.normalised),
      n.added === 1 ? vscode.l10n.t('1 default added') : n.added > 1 && vscode.l10n.t('{0} defaults added', n.added),
    ].filter((p): p is string => typeof p === 'string');
    const message = vscode.l10n.t(
      'libvirt did not keep “{0}” exactly as written: {1}.',
      ref.name,
      parts.reduce((a, b) => vscode.l10n.t('{0}, {1}', a, b)),
    );
    const show = vscode.l10n.t('Show Difference');
    const list = vscode.l10n.t('List Changes');
    const ask = n.removed > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void ask(message, show, list).then((choice) => {
      if (choice === show) void this.showDifference(ref, submitted, kept);
      else if (choice === list) this.output.show(true);
    });
  }

  /**
   * What was submitted (left) against what libvirt keeps now (right). `kept` is what libvirt
   * returned after the define: the open libvirt: document of a save still holds the submitted
   * text (a save does not reload it), so its URI would show no difference at all.
   */
  async showDifference(ref: DefinitionRef, submitted: string, kept?: string): Promise<void> {
    const left = this.snapshots.add(`${ref.name} (${vscode.l10n.t('submitted')})`, submitted);
    const right =
      kept !== undefined
        ? this.snapshots.add(`${ref.name} (${vscode.l10n.t('kept by libvirt')})`, kept)
        : definitionUri(ref);
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      vscode.l10n.t('{0}: submitted ↔ kept by libvirt', ref.name),
    );
  }
}
