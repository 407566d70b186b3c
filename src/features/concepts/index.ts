import * as vscode from 'vscode';
import type { Concept } from '../../core/concepts/types';
import { otherLang } from '../../core/language';
import { knowledgeBase, loadKnowledge } from '../../shared/knowledge';
import { contentLang, onSettingChanged } from '../../shared/settings';
import { ArticlePanel } from './articlePanel';
import { ConceptTreeProvider, type ConceptNode } from './conceptTreeProvider';

/** Commands take a concept id (palette, hovers, tests) or a tree node (view menus). */
function conceptId(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && (arg as ConceptNode).kind === 'concept')
    return (arg as ConceptNode).id;
  return undefined;
}

interface ConceptPick extends vscode.QuickPickItem {
  id: string;
}

function toPick(c: Concept): ConceptPick {
  const lang = contentLang();
  const other = otherLang(lang);
  const names = [
    ...c.text[lang].aliases,
    ...c.text[other].aliases,
    ...c.text[lang].wordAliases,
    ...c.text[other].wordAliases,
    ...c.text[lang].keywords,
    ...c.text[other].keywords,
  ];
  return {
    id: c.id,
    label: c.text[lang].name,
    description: [c.text[other].name, ...names].join(' · '),
    detail: c.text[lang].definition,
  };
}

async function pickConcept(concepts: readonly Concept[], placeHolder: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(concepts.map(toPick), {
    placeHolder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.id;
}

/** The Concepts view, its commands and the article panel. */
export function registerConcepts(context: vscode.ExtensionContext): void {
  const tree = new ConceptTreeProvider(loadKnowledge, knowledgeBase, contentLang);
  const view = vscode.window.createTreeView('virtkit.concepts', { treeDataProvider: tree, showCollapseAll: true });

  const reveal = async (id: string) => {
    const node = await tree.conceptNode(id);
    if (node) await view.reveal(node, { select: true, focus: true, expand: true });
  };
  const open = (id: string) => ArticlePanel.show(context.extensionUri, id, reveal);
  const unknown = (arg: unknown) =>
    void vscode.window.showWarningMessage(vscode.l10n.t('VirtKit has no concept called "{0}".', String(arg)));

  context.subscriptions.push(
    view,
    ArticlePanel.registerSerializer(context.extensionUri, reveal),
    vscode.commands.registerCommand('virtkit.openArticle', async (arg?: unknown) => {
      await loadKnowledge();
      const id =
        conceptId(arg) ?? (await pickConcept(knowledgeBase().concepts, vscode.l10n.t('Open the article of a concept')));
      if (id === undefined) return;
      if (knowledgeBase().get(id)) open(id);
      else unknown(id);
    }),
    vscode.commands.registerCommand('virtkit.searchConcepts', async () => {
      await loadKnowledge();
      const id = await pickConcept(
        knowledgeBase().concepts,
        vscode.l10n.t('Search concepts by name or alias, in English or Chinese'),
      );
      if (id !== undefined) open(id);
    }),
    vscode.commands.registerCommand('virtkit.copyDefinition', async (arg?: unknown) => {
      await loadKnowledge();
      const id = conceptId(arg);
      const text = id === undefined ? undefined : knowledgeBase().definitionText(id, contentLang());
      if (text === undefined) return unknown(arg);
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Definition copied.'), 3000);
    }),
    vscode.commands.registerCommand('virtkit.showRelated', async (arg?: unknown) => {
      await loadKnowledge();
      const id = conceptId(arg);
      const c = id === undefined ? undefined : knowledgeBase().get(id);
      if (!c) return unknown(arg);
      const related = c.related.map((r) => knowledgeBase().get(r)).filter((r): r is Concept => r !== undefined);
      const picked = await pickConcept(related, vscode.l10n.t('Concepts related to {0}', c.text[contentLang()].name));
      if (picked !== undefined) open(picked);
    }),
    vscode.commands.registerCommand('virtkit.revealInTree', async (arg?: unknown) => {
      await loadKnowledge();
      const id = conceptId(arg) ?? ArticlePanel.currentId;
      if (id === undefined) return;
      if (knowledgeBase().get(id)) await reveal(id);
      else unknown(id);
    }),
    onSettingChanged('language', () => {
      tree.refresh();
      ArticlePanel.refresh();
    }),
  );
}
