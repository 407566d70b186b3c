// Completion in libvirt XML documents (files and untitled documents of language `xml` whose root
// element is one of libvirt's), from libvirt's own schemas: after `<` the elements allowed
// there, inside a start tag the attributes not yet written, inside quotes the enumerated values.
// Each item is documented from content/libvirt.yaml in the user's language where an entry
// exists. Other XML is left alone before any work: the root element is checked first.
import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/markdown/escape';
import { LibvirtReference } from '../../core/reference/libvirtLookup';
import type { LibvirtEntry } from '../../core/reference/types';
import { completionContextAt } from '../../core/libvirtXml/completionContext';
import { hostFindings, type HostValues } from '../../core/libvirtXml/hostValues';
import { completionsFor, type SchemaCompletion } from '../../core/libvirtXml/schemaCompletion';
import type { SchemaElementInfo } from '../../core/libvirtXml/schemaModel';
import { detectLibvirtDocumentKind, ROOT_TO_SCHEMA } from '../../core/validation/libvirtDocument';
import { loadContentData } from '../../shared/knowledge';
import { contentLang } from '../../shared/settings';
import type { SchemaModels } from '../validation/schemaModels';
import type { HostValuesSource } from './hostValues';
import { debounceByDocument } from '../../shared/debounceByDocument';

export { HostValuesSource } from './hostValues';

/** Characters; libvirt documents are a few kilobytes (the hovers stop at the same size). */
const MAX_COMPLETION_DOCUMENT = 2 * 1024 * 1024;

let reference: Promise<LibvirtReference> | undefined;
const referenceData = () =>
  (reference ??= loadContentData()
    .then((c) => new LibvirtReference(c.libvirt))
    .catch(() => new LibvirtReference([])));

const KIND: Record<SchemaCompletion['kind'], vscode.CompletionItemKind> = {
  // As VS Code's own HTML support does: tags as properties, attributes as values, values as units.
  element: vscode.CompletionItemKind.Property,
  attribute: vscode.CompletionItemKind.Value,
  value: vscode.CompletionItemKind.Unit,
};

/** The reference entry (and the meaning of a value) that documents an item, if any. */
function documentation(ref: LibvirtReference, c: SchemaCompletion): vscode.MarkdownString | undefined {
  const lang = contentLang();
  const local = c.label.slice(c.label.indexOf(':') + 1);
  let entry: LibvirtEntry | undefined;
  let meaning: string | undefined;
  if (c.kind === 'element') entry = ref.find('element', local, c.path);
  else if (c.kind === 'attribute') entry = ref.find('attribute', local, c.path);
  else {
    entry = c.attribute
      ? ref.find('attribute', c.attribute, c.path)
      : ref.find('element', c.path[c.path.length - 1] ?? '', c.path.slice(0, -1));
    const v = entry?.values?.find((x) => x.value === c.label);
    meaning = v?.[lang];
  }
  if (!entry) return undefined;
  const md = new vscode.MarkdownString();
  if (meaning) md.appendMarkdown(`\`${c.label.replace(/`/g, '')}\`: ${escapeMarkdown(meaning)}\n\n`);
  md.appendMarkdown(escapeMarkdown(entry[lang]));
  if (entry.since) md.appendMarkdown(`\n\n${escapeMarkdown(vscode.l10n.t('since libvirt {0}', entry.since))}`);
  md.appendMarkdown(`\n\n[${vscode.l10n.t('libvirt documentation')}](${entry.url})`);
  return md;
}

function toItem(
  document: vscode.TextDocument,
  ref: LibvirtReference,
  c: SchemaCompletion,
  host: HostValues | undefined,
): vscode.CompletionItem {
  const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
  item.insertText = new vscode.SnippetString(c.snippet);
  item.range = new vscode.Range(document.positionAt(c.start), document.positionAt(c.end));
  // Required attributes first, then the schema's order; values the host refuses last.
  item.sortText = `${c.required ? 0 : c.host === 'unsupported' ? 2 : 1}${String(c.order).padStart(4, '0')}`;
  item.detail = c.required ? vscode.l10n.t('libvirt schema · required') : vscode.l10n.t('libvirt schema');
  if (c.host === 'offered' && host) item.detail = vscode.l10n.t('supported by the host ({0})', host.uri);
  if (c.host === 'unsupported' && host) {
    item.detail = vscode.l10n.t('not supported by the host ({0})', host.uri);
    item.tags = [vscode.CompletionItemTag.Deprecated];
  }
  const doc = documentation(ref, c);
  if (doc) item.documentation = doc;
  if (c.retrigger) item.command = { command: 'editor.action.triggerSuggest', title: '' };
  return item;
}

/** The completion items at a position of a libvirt document; undefined for any other document. */
export async function libvirtCompletionItems(
  models: SchemaModels,
  document: vscode.TextDocument,
  position: vscode.Position,
  token?: vscode.CancellationToken,
  hostSource?: HostValuesSource,
): Promise<vscode.CompletionItem[] | undefined> {
  if (document.languageId !== 'xml') return undefined;
  const schema = detectLibvirtDocumentKind(document.getText(new vscode.Range(0, 0, 400, 0)));
  if (!schema) return undefined;
  const text = document.getText();
  // Each completion scans the text before the cursor: huge documents are left to plain editing.
  if (text.length > MAX_COMPLETION_DOCUMENT) return undefined;
  const model = await models.get(schema);
  if (!model || token?.isCancellationRequested) return undefined;
  const ctx = completionContextAt(text, document.offsetAt(position));
  if (!ctx) return undefined;
  // The host is asked only for a domain's values (virsh runs once, then its answer is kept).
  const host =
    schema === 'domain' && (ctx.kind === 'value' || ctx.kind === 'text') ? await hostSource?.get() : undefined;
  if (token?.isCancellationRequested) return undefined;
  const items = completionsFor(model, ctx, text, host);
  if (items.length === 0) return undefined;
  const ref = await referenceData();
  return items.map((c) => toItem(document, ref, c, host));
}

/**
 * Registers completion for libvirt XML. `host` (the Node host only) adds the values the
 * connected libvirt supports, in a trusted window.
 */
export function registerLibvirtCompletion(
  context: vscode.ExtensionContext,
  models: SchemaModels,
  host?: HostValuesSource,
): void {
  if (host) registerHostWarnings(context, host);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('virtkit.libvirt.connections')) host?.forget();
    }),
    vscode.languages.registerCompletionItemProvider(
      { language: 'xml' },
      { provideCompletionItems: (d, p, t) => libvirtCompletionItems(models, d, p, t, host) },
      '<',
      ' ',
      '"',
      "'",
    ),
  );
}

/** Milliseconds of quiet typing before a domain is checked against the host again. */
const HOST_DEBOUNCE_MS = 600;

/**
 * Warnings for values of a domain the connected host certainly does not support (a machine type
 * its emulator lacks, a disk bus, a video model), in a trusted window only, where the host's
 * values can be asked (the same cached answer as completion).
 */
function registerHostWarnings(context: vscode.ExtensionContext, host: HostValuesSource): void {
  const collection = vscode.languages.createDiagnosticCollection('virtkit-libvirt-host');
  const check = async (document: vscode.TextDocument) => {
    if (document.languageId !== 'xml' || !vscode.workspace.isTrusted) return;
    if (detectLibvirtDocumentKind(document.getText(new vscode.Range(0, 0, 400, 0))) !== 'domain') {
      collection.delete(document.uri);
      return;
    }
    const version = document.version;
    const values = await host.get();
    if (document.isClosed || document.version !== version) return;
    const text = document.getText();
    if (!values || text.length > MAX_COMPLETION_DOCUMENT) {
      collection.delete(document.uri);
      return;
    }
    collection.set(
      document.uri,
      hostFindings(text, values).map((f) => {
        const d = new vscode.Diagnostic(
          new vscode.Range(document.positionAt(f.start), document.positionAt(f.end)),
          vscode.l10n.t(
            '{0}="{1}" on <{2}>: the host ({3}) does not support it; it supports {4}.',
            f.attribute,
            f.value,
            f.element,
            values.uri,
            f.supported.slice(0, 12).join(', ') + (f.supported.length > 12 ? ', …' : ''),
          ),
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = 'VirtKit (host)';
        d.code = 'host-unsupported-value';
        return d;
      }),
    );
  };
  const debounce = debounceByDocument(HOST_DEBOUNCE_MS, check);
  const soon = (document: vscode.TextDocument) => debounce.soon(document);
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => soon(d)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && e.document.languageId === 'xml') soon(e.document);
    }),
    vscode.workspace.onDidCloseTextDocument((d) => {
      debounce.cancel(d);
      collection.delete(d.uri);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach((d) => soon(d))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('virtkit.libvirt.connections')) return;
      host.forget();
      vscode.workspace.textDocuments.forEach((d) => soon(d));
    }),
    debounce,
  );
  vscode.workspace.textDocuments.forEach((d) => soon(d));
}

/**
 * What libvirt's schemas allow in the element at `path` (root first: `['domain', 'devices',
 * 'disk']`), for the extension's API; undefined when the root is not a libvirt document's.
 */
export async function libvirtSchemaAt(
  models: SchemaModels,
  path: readonly string[],
): Promise<SchemaElementInfo | undefined> {
  const root = path[0];
  if (root === undefined || !Object.prototype.hasOwnProperty.call(ROOT_TO_SCHEMA, root)) return undefined;
  const model = await models.get(ROOT_TO_SCHEMA[root]);
  return model?.elementAt(path.map((name) => ({ name })));
}
