import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/markdown/escape';
import { LibvirtReference, valueListHeading, type LibvirtMatch } from '../../core/reference/libvirtLookup';
import { qemuTokenAt } from '../../core/reference/qemuContext';
import { QemuReference, type QemuMatch } from '../../core/reference/qemuLookup';
import { toolTokenAt } from '../../core/reference/toolContext';
import { ToolReference, type ToolMatch } from '../../core/reference/toolLookup';
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
let tools: ToolReference | undefined;
const toolRef = () => (tools ??= new ToolReference(loadContent().tools, loadContent().toolHelp));

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

/** The hover for a qemu-img, qemu-nbd, virsh, virt-install … command, subcommand, option or key. */
export function toolHover(match: ToolMatch): vscode.MarkdownString {
  const lang = contentLang();
  const { token, entry } = match;
  const md = newHover();
  const code = (s: string) => `\`${s.replace(/`/g, '')}\``;
  const where = [token.tool, token.subcommand].filter((s) => s !== undefined).join(' ');
  if (token.kind === 'command') md.appendMarkdown(`**${code(token.tool)}**`);
  else if (token.kind === 'subcommand') md.appendMarkdown(`**${code(`${token.tool} ${token.text}`)}**`);
  else if (token.kind === 'option') {
    const names = entry ? [entry.name, ...(entry.aliases ?? [])] : [token.text];
    md.appendMarkdown(`**${names.map(code).join(' · ')}** · ${code(where)}`);
  } else md.appendMarkdown(`**${code(`${token.text}=`)}** · ${code(`${where} ${token.option ?? ''}`.trim())}`);
  if (entry) {
    if (entry.syntax) md.appendMarkdown(`\n\n\`\`\`\n${entry.syntax.replace(/```/g, '')}\n\`\`\`\n\n`);
    else md.appendMarkdown('\n\n');
    md.appendMarkdown(`${escapeMarkdown(entry[lang])}\n\n`);
  } else if (match.ownHelp) {
    // Not our prose: the installed tool's own help line, in its own (English) words, labelled so.
    const label = match.version
      ? vscode.l10n.t('{0} {1}, its own help text:', token.tool, match.version)
      : vscode.l10n.t('{0}, its own help text:', token.tool);
    md.appendMarkdown(`\n\n${escapeMarkdown(label)}\n\n> ${escapeMarkdown(match.ownHelp)}\n\n`);
  }
  if (match.formats?.length) {
    md.appendMarkdown(
      `${escapeMarkdown(vscode.l10n.t('Image formats that accept it: {0}', match.formats.join(', ')))}\n\n`,
    );
  }
  if (entry) md.appendMarkdown(`[$(link-external) ${vscode.l10n.t('Documentation')}](${entry.url})`);
  conceptLink(md, entry?.concept);
  return md;
}

function provideToolHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const { text, base } = commandWindow(document, position);
  const token = toolTokenAt(text, document.offsetAt(position) - base);
  const match = token && toolRef().lookup(token);
  if (!match || !token) return undefined;
  return new vscode.Hover(
    toolHover(match),
    new vscode.Range(document.positionAt(base + token.start), document.positionAt(base + token.end)),
  );
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

/**
 * Hovers on libvirt XML elements and attributes, on QEMU options and device names, and on the
 * command lines of qemu-img, qemu-nbd, virsh, virt-install, virt-xml, virt-clone, swtpm and virtiofsd.
 */
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
    // qemu-img, virsh, virt-install … command lines; plain text too (notes, READMEs without .md).
    vscode.languages.registerHoverProvider(
      [{ language: 'shellscript' }, { language: 'markdown' }, { language: 'plaintext' }],
      {
        provideHover: async (d, p, t) =>
          t.isCancellationRequested ? undefined : (await loadKnowledge(), provideToolHover(d, p)),
      },
    ),
    vscode.workspace.onDidCloseTextDocument((d) => xmlIndexes.delete(d.uri.toString())),
  );
}
