import * as vscode from 'vscode';
import { detectLibvirtDocumentKind } from '../../core/validation/libvirtDocument';
import type { LibvirtValidationResult } from '../../core/validation/libvirtValidator';
import type { VirtXmlValidateResult } from '../../core/validation/virtXmlValidate';
import { checkDomain, qemuNamespaceInsertion } from '../../core/libvirtXml/domainChecks';
import {
  culpritOfProblem,
  culpritReplacement,
  type SchemaCulprit,
  type TextEdit,
} from '../../core/libvirtXml/schemaHints';
import { scanXml } from '../../core/validation/xmlTextScan';
import { explainCulprit, explainDomainFinding, explainProblem, explainRefusal, explainSince } from './explain';
import { loadContentData } from '../../shared/knowledge';
import { SchemaModels } from './schemaModels';
import { BuiltinValidators, validatorSettings, type ValidationHost } from './validators';
import { debounceByDocument } from '../../shared/debounceByDocument';

export type { ValidationHost } from './validators';

const TOOL_HINT_SHOWN = 'virtkit.validation.toolHintShown';
/** Milliseconds of quiet typing before a document is validated again. */
const TYPING_DEBOUNCE_MS = 400;

type Result = LibvirtValidationResult | VirtXmlValidateResult;

/** A certain fix for one diagnostic: a misspelling replaced by the closest allowed name. */
interface SchemaFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

/** What registerValidation offers the other libvirt XML features. */
export interface ValidationServices {
  /** The schema models, from the same schema files the validator judges with. */
  readonly schemaModels: SchemaModels;
}

const diagnosticKey = (d: vscode.Diagnostic) => `${d.range.start.line}:${d.range.start.character}:${d.message}`;

/**
 * For each problem, the element, attribute or value at fault as the schema model sees it (once
 * per culprit: libxml2 often reports one mistake two or three times, on its containers).
 */
function culpritsOf(
  model: Awaited<ReturnType<SchemaModels['get']>>,
  text: string,
  result: LibvirtValidationResult,
): (SchemaCulprit | undefined)[] {
  if (!model || result.status !== 'invalid') return [];
  const scan = scanXml(text);
  const seen = new Set<string>();
  return result.problems.map((p) => {
    let c: SchemaCulprit | undefined;
    try {
      c = culpritOfProblem(model, scan, p);
    } catch {
      return undefined;
    }
    if (!c) return undefined;
    const key = `${c.kind}:${c.element.start}:${c.kind === 'element' ? '' : c.attribute.nameStart}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    return c;
  });
}

function culpritRange(document: vscode.TextDocument, c: SchemaCulprit): vscode.Range {
  const [start, end] =
    c.kind === 'element'
      ? [c.element.start, c.element.nameEnd]
      : c.kind === 'attribute'
        ? [c.attribute.nameStart, c.attribute.nameStart + c.attribute.name.length]
        : [c.attribute.valueStart, c.attribute.valueEnd];
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function rangeOf(document: vscode.TextDocument, line: number | null, column: number | null, end?: [number, number]) {
  const l = Math.min(Math.max((line ?? 1) - 1, 0), document.lineCount - 1);
  const text = document.lineAt(l);
  const start = column !== null ? Math.min(column - 1, text.text.length) : text.firstNonWhitespaceCharacterIndex;
  if (end && end[0] >= 1) {
    const el = Math.min(end[0] - 1, document.lineCount - 1);
    const ec = Math.min(Math.max(end[1] - 1, 0), document.lineAt(el).text.length);
    const r = new vscode.Range(l, start, el, ec);
    if (!r.isEmpty) return r;
  }
  return new vscode.Range(l, start, l, Math.max(start + 1, text.range.end.character));
}

/** Mistakes the schema lets through but libvirt refuses or quietly changes. */
function domainDiagnostics(document: vscode.TextDocument, text: string): vscode.Diagnostic[] {
  return checkDomain(text).map((f) => {
    const range = new vscode.Range(document.positionAt(f.start), document.positionAt(f.end));
    const d = new vscode.Diagnostic(
      range,
      explainDomainFinding(f),
      f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
    );
    d.source = 'VirtKit';
    d.code = f.code;
    if (f.related)
      d.relatedInformation = [
        new vscode.DiagnosticRelatedInformation(
          new vscode.Location(
            document.uri,
            new vscode.Range(document.positionAt(f.related.start), document.positionAt(f.related.end)),
          ),
          f.code === 'duplicate-pci-address'
            ? vscode.l10n.t('The first device at this PCI address')
            : vscode.l10n.t('The first disk with this target'),
        ),
      ];
    return d;
  });
}

/** What the document uses that is newer than the libvirt that will read it. */
async function sinceDiagnostics(document: vscode.TextDocument, libvirtVersion: string): Promise<vscode.Diagnostic[]> {
  const [{ newerThan }, { LibvirtReference }] = await Promise.all([
    import('../../core/libvirtXml/sinceChecks'),
    import('../../core/reference/libvirtLookup'),
  ]);
  libvirtReference ??= new LibvirtReference((await loadContentData()).libvirt);
  return newerThan(document.getText(), libvirtReference, libvirtVersion).map((f) => {
    const d = new vscode.Diagnostic(
      new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)),
      explainSince(f, libvirtVersion),
      vscode.DiagnosticSeverity.Warning,
    );
    d.source = 'VirtKit';
    d.code = 'newer-than-libvirt';
    return d;
  });
}
let libvirtReference: import('../../core/reference/libvirtLookup').LibvirtReference | undefined;

function toDiagnostics(
  document: vscode.TextDocument,
  result: Result,
  culprits: readonly (SchemaCulprit | undefined)[] = [],
  fixes?: Map<string, SchemaFix>,
): vscode.Diagnostic[] {
  if (result.status === 'refused-doctype') {
    const start = new vscode.Position(result.line - 1, Math.max(result.column - 1, 0));
    const d = new vscode.Diagnostic(
      new vscode.Range(start, start.translate(0, 2)).union(document.lineAt(start.line).range.with({ start })),
      explainRefusal(result),
      vscode.DiagnosticSeverity.Warning,
    );
    d.source = 'VirtKit';
    return [d];
  }
  if (result.status !== 'invalid') return [];
  if ('validator' in result) {
    // In process: a plain sentence in the user's language, libxml2's words after it.
    // Then what the schema allows instead, where the schema model finds the culprit.
    return result.problems.map((p, i) => {
      const range = rangeOf(document, p.line, p.column, p.endLine !== null ? [p.endLine, p.endColumn ?? 1] : undefined);
      const c = culprits[i];
      const d = new vscode.Diagnostic(
        range,
        `${explainProblem(p)}${c ? ` ${explainCulprit(c)}` : ''} (libxml2: ${p.raw})`,
        vscode.DiagnosticSeverity.Error,
      );
      d.source = result.validator;
      if (p.kind !== 'other') d.code = p.kind;
      if (c) {
        const at = culpritRange(document, c);
        if (!at.isEqual(range))
          d.relatedInformation = [
            new vscode.DiagnosticRelatedInformation(
              new vscode.Location(document.uri, at),
              vscode.l10n.t('What libvirt’s schema does not allow here'),
            ),
          ];
        const fix = culpritReplacement(document.getText(), c);
        if (fix && fixes)
          fixes.set(diagnosticKey(d), {
            title: vscode.l10n.t('Replace “{0}” with “{1}”', fix.from, fix.to),
            edits: fix.edits,
          });
      }
      return d;
    });
  }
  return result.problems.map((p) => {
    const d = new vscode.Diagnostic(rangeOf(document, p.line, p.column), p.message, vscode.DiagnosticSeverity.Error);
    d.source = 'virt-xml-validate';
    return d;
  });
}

/**
 * Problems in libvirt XML documents, in the Problems panel: validated as you type (debounced),
 * on open and on save, and on demand with `virtkit.validateXml`. One validation per document
 * version; a newer version cancels the wait of an older one.
 */
export function registerValidation(context: vscode.ExtensionContext, host: ValidationHost = {}): ValidationServices {
  const collection = vscode.languages.createDiagnosticCollection('virtkit-libvirt');
  const builtin = new BuiltinValidators(context.extensionUri, host);
  const schemaModels = new SchemaModels(builtin);
  /** Certain fixes of the diagnostics shown, per document. */
  const fixesByDocument = new Map<string, Map<string, SchemaFix>>();
  const inFlight = new Map<string, { version: number; how: string; result: Promise<Result>; abort: AbortController }>();

  const judge = (document: vscode.TextDocument, onDemand: boolean): Promise<Result> => {
    const key = document.uri.toString();
    const { validator, schemas, executable } = validatorSettings();
    // virt-xml-validate runs a program: never for a file merely opened, saved or typed in an
    // untrusted workspace; there the in-process validator judges instead.
    const external = validator === 'virt-xml-validate' && host.external && (onDemand || vscode.workspace.isTrusted);
    const how = external ? `external:${executable ?? ''}` : `builtin:${schemas}`;
    const current = inFlight.get(key);
    if (current?.version === document.version && current.how === how) return current.result;
    current?.abort.abort();
    const abort = new AbortController();
    const text = document.getText();
    const result: Promise<Result> =
      external && host.external
        ? host.external(text, executable)
        : builtin
            .get(schemas)
            .then((v) => v.validate(text, { signal: abort.signal }))
            .catch((e: unknown) => ({ status: 'error', message: e instanceof Error ? e.message : String(e) }) as const);
    inFlight.set(key, { version: document.version, how, result, abort });
    void result.finally(() => {
      if (inFlight.get(key)?.result === result) inFlight.delete(key);
    });
    return result;
  };

  const validate = async (document: vscode.TextDocument, onDemand: boolean): Promise<Result | undefined> => {
    const { enabled } = validatorSettings();
    if (document.languageId !== 'xml' || (!enabled && !onDemand)) return undefined;
    // The root element is near the top: no need to copy a whole large document to find it.
    const head = document.getText(new vscode.Range(0, 0, 400, 0));
    if (!detectLibvirtDocumentKind(head)) {
      collection.delete(document.uri);
      if (onDemand)
        void vscode.window.showInformationMessage(
          vscode.l10n.t('This is not a libvirt XML document (domain, network, pool, volume, snapshot…).'),
        );
      return undefined;
    }
    const version = document.version;
    const result = await judge(document, onDemand);
    // A newer version was validated meanwhile (or the document closed): its result wins.
    if (document.version !== version || document.isClosed) return result;
    if (result.status === 'cancelled') return result;
    if (result.status === 'tool-missing') {
      collection.delete(document.uri);
      if (onDemand || !context.globalState.get(TOOL_HINT_SHOWN)) {
        await context.globalState.update(TOOL_HINT_SHOWN, true);
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'virt-xml-validate is not installed (on Debian or Ubuntu: sudo apt install libvirt-clients libxml2-utils). VirtKit’s own validator needs no tool: set virtkit.validation.validator to "builtin".',
          ),
        );
      }
      return result;
    }
    if (
      result.status === 'timeout' ||
      result.status === 'error' ||
      result.status === 'unknown-kind' ||
      result.status === 'too-large'
    ) {
      collection.delete(document.uri);
      if (onDemand)
        void vscode.window.showWarningMessage(
          vscode.l10n.t('This document could not be validated: {0}', result.message),
        );
      return result;
    }
    // What is allowed instead: the schema model (built on first need) finds the culprit.
    const culprits =
      result.status === 'invalid' && 'validator' in result
        ? culpritsOf(await schemaModels.get(result.schema), document.getText(), result)
        : [];
    if (document.version !== version || document.isClosed) return result;
    // The text judged is this version's: the document did not change while it was validated.
    const judged = result.status === 'valid' || result.status === 'invalid';
    const beyond = judged ? domainDiagnostics(document, document.getText()) : [];
    if (judged) {
      const reader = await builtin.readerVersion(validatorSettings().schemas, !('validator' in result));
      if (document.version !== version || document.isClosed) return result;
      if (reader) beyond.push(...(await sinceDiagnostics(document, reader)));
    }
    const fixes = new Map<string, SchemaFix>();
    collection.set(document.uri, [...toDiagnostics(document, result, culprits, fixes), ...beyond]);
    fixesByDocument.set(document.uri.toString(), fixes);
    if (onDemand && result.status === 'valid')
      vscode.window.setStatusBarMessage(
        'validator' in result
          ? vscode.l10n.t('The document is valid ({0}).', result.validator)
          : vscode.l10n.t('virt-xml-validate: the document is valid.'),
        4000,
      );
    return result;
  };

  const typing = debounceByDocument(TYPING_DEBOUNCE_MS, (document) => validate(document, false));

  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void validate(d, false)),
    vscode.workspace.onDidSaveTextDocument((d) => void validate(d, false)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document.languageId === 'xml') typing.soon(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      const key = d.uri.toString();
      typing.cancel(d);
      inFlight.get(key)?.abort.abort();
      collection.delete(d.uri);
      fixesByDocument.delete(key);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const d of vscode.workspace.textDocuments) void validate(d, false);
    }),
    // With a URI (from a menu or a test), that document; otherwise the active editor's.
    vscode.commands.registerCommand('virtkit.validateXml', async (uri?: unknown) => {
      const doc =
        uri instanceof vscode.Uri
          ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
          : vscode.window.activeTextEditor?.document;
      if (!doc) return undefined;
      return validate(doc, true);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('virtkit.validation')) return;
      if (!validatorSettings().enabled) collection.clear();
      else for (const d of vscode.workspace.textDocuments) void validate(d, false);
    }),
    typing,
    // Quick fixes for the mistakes whose fix is certain: declare the qemu namespace; replace a
    // misspelled element, attribute or value with the one closest allowed name.
    vscode.languages.registerCodeActionsProvider(
      { language: 'xml' },
      {
        provideCodeActions(document, _range, context) {
          const actions: vscode.CodeAction[] = [];
          const fixes = fixesByDocument.get(document.uri.toString());
          for (const d of context.diagnostics) {
            const fix = fixes?.get(diagnosticKey(d));
            if (!fix) continue;
            const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
            action.edit = new vscode.WorkspaceEdit();
            for (const e of fix.edits)
              action.edit.replace(
                document.uri,
                new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)),
                e.text,
              );
            action.diagnostics = [d];
            action.isPreferred = true;
            actions.push(action);
          }
          const missing = context.diagnostics.find(
            (d) => d.source === 'VirtKit' && d.code === 'missing-qemu-namespace',
          );
          const at = missing && qemuNamespaceInsertion(document.getText());
          if (!missing || !at) return actions;
          const action = new vscode.CodeAction(
            vscode.l10n.t('Add the qemu namespace to <domain>'),
            vscode.CodeActionKind.QuickFix,
          );
          action.edit = new vscode.WorkspaceEdit();
          action.edit.insert(document.uri, document.positionAt(at.offset), at.text);
          action.diagnostics = [missing];
          action.isPreferred = true;
          return [...actions, action];
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
  for (const d of vscode.workspace.textDocuments) void validate(d, false);
  return { schemaModels };
}
