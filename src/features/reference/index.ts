import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/markdown/escape';
import { LibvirtReference, valueListHeading, type LibvirtMatch } from '../../core/reference/libvirtLookup';
import { qemuTokenAt } from '../../core/reference/qemuContext';
import { QemuReference, type QemuMatch } from '../../core/reference/qemuLookup';
import { indexXml, type XmlIndex } from '../../core/reference/xmlContext';
import { commandLink } from '../../shared/commandLink';
import { commandWindow } from '../../shared/commandWindow';
import { knowledgeBase, loadKnowledge } from '../../shared/knowledge';
import { contentLang } from '../../shared/settings';
import { loadContent } from 'virtkit:content';

const HOVER_COMMANDS = ['virtkit.openArticle'];

let libvirt: LibvirtReference | undefined;
let qemu: QemuReference | undefined;
const libvirtRef = () => (libvirt ??= new LibvirtReference(loadContent().libvirt));
const qemuRef = () => (qemu ??= new QemuReference(loadContent().qemu));

/** One XML index per open document version: parsed once, answered in O(log n) per hover. */
const xmlIndexes = new Map<string, { version: number; index: XmlIndex | undefined }>();

function xmlIndexOf(document: vscode.TextDocument): XmlIndex | undefined {
  const key = document.uri.toString();
  const cached = xmlIndexes.get(key);
  if (cached?.version === document.version) return cached.index;
  const index = indexXml(document.getText());
  xmlIndexes.set(key, { version: document.version, index });
  return index;
}

function conceptLink(md: vscode.MarkdownString, conceptId: string | undefined): void {
  const c = conceptId ? knowledgeBase().get(conceptId) : undefined;
  if (!c) return;
  md.appendMarkdown(
    ` · [$(book) ${escapeMarkdown(c.text[contentLang()].name)}](${commandLink('virtkit.openArticle', c.id)})`,
  );
}

function newHover(): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  return md;
}

/** The hover for a libvirt element, attribute or value. */
export function libvirtHover(match: LibvirtMatch): vscode.MarkdownString {
  const lang = contentLang();
  const { entry, value, node } = match;
  const md = newHover();
  const title = entry.kind === 'element' ? `<${entry.name}>` : `${entry.name}=`;
  md.appendMarkdown(`**\`${title}\`** · libvirt ${escapeMarkdown(entry.docs)}`);
  if (entry.since) md.appendMarkdown(` · ${escapeMarkdown(vscode.l10n.t('since libvirt {0}', entry.since))}`);
  md.appendMarkdown(`\n\n${escapeMarkdown(entry[lang])}\n\n`);
  if (value) md.appendMarkdown(`\`${value.value.replace(/`/g, '')}\`: ${escapeMarkdown(value[lang])}\n\n`);
  else if (entry.values?.length && node.kind !== 'text') {
    const heading = valueListHeading(entry, lang);
    if (heading) md.appendMarkdown(`${escapeMarkdown(heading)}\n\n`);
    for (const v of entry.values) md.appendMarkdown(`- \`${v.value.replace(/`/g, '')}\`: ${escapeMarkdown(v[lang])}\n`);
    md.appendMarkdown('\n');
  }
  md.appendMarkdown(`[$(link-external) ${vscode.l10n.t('libvirt documentation')}](${entry.url})`);
  conceptLink(md, entry.concept);
  return md;
}

/** The hover for a QEMU option, device, backend, machine type or accelerator. */
export function qemuHover(match: QemuMatch): vscode.MarkdownString {
  const lang = contentLang();
  const { entry, option } = match;
  const md = newHover();
  md.appendMarkdown(`**\`${entry.name.replace(/`/g, '')}\`**`);
  if (option && option !== entry) md.appendMarkdown(` · ${escapeMarkdown(option.name)}`);
  md.appendMarkdown(`\n\n\`\`\`\n${entry.syntax.replace(/```/g, '')}\n\`\`\`\n\n${escapeMarkdown(entry[lang])}\n\n`);
  md.appendMarkdown(`[$(link-external) ${vscode.l10n.t('QEMU documentation')}](${entry.url})`);
  conceptLink(md, entry.concept);
  return md;
}

function provideXmlHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const index = xmlIndexOf(document);
  if (!index || !libvirtRef().knowsRoot(index.root)) return undefined;
  const node = index.nodeAt(document.offsetAt(position));
  const match = node && libvirtRef().lookup(node);
  if (!match) return undefined;
  return new vscode.Hover(
    libvirtHover(match),
    new vscode.Range(document.positionAt(node.start), document.positionAt(node.end)),
  );
}

function provideQemuHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const { text, base } = commandWindow(document, position);
  const token = qemuTokenAt(text, document.offsetAt(position) - base);
  const match = token && qemuRef().lookup(token);
  if (!match || !token) return undefined;
  return new vscode.Hover(
    qemuHover(match),
    new vscode.Range(document.positionAt(base + token.start), document.positionAt(base + token.end)),
  );
}

/** Hovers on libvirt XML elements and attributes, and on QEMU options and device names. */
export function registerReferenceHovers(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    // The reference data is part of dist/content.json, read on the first hover.
    vscode.languages.registerHoverProvider(
      { language: 'xml' },
      {
        provideHover: async (d, p, t) =>
          t.isCancellationRequested ? undefined : (await loadKnowledge(), provideXmlHover(d, p)),
      },
    ),
    vscode.languages.registerHoverProvider([{ language: 'shellscript' }, { language: 'markdown' }], {
      provideHover: async (d, p, t) =>
        t.isCancellationRequested ? undefined : (await loadKnowledge(), provideQemuHover(d, p)),
    }),
    vscode.workspace.onDidCloseTextDocument((d) => xmlIndexes.delete(d.uri.toString())),
  );
}
