import * as vscode from 'vscode';
import { otherLang } from '../../core/language';
import { escapeMarkdown } from '../../core/markdown/escape';
import { commandLink } from '../../shared/commandLink';
import { knowledgeBase, loadKnowledge } from '../../shared/knowledge';
import { contentLang, onSettingChanged, SECTION } from '../../shared/settings';

/** Commands a hover may run; nothing else in a hover's markdown is trusted. */
const HOVER_COMMANDS = ['virtkit.openArticle', 'virtkit.revealInTree'];

/**
 * Looks up the term under the pointer. Only a window of text around the position is read
 * (twice the longest term, plus the few characters boundaries and names are judged by), so
 * the cost does not depend on the size of the document or of the line.
 */
export function provideTermHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  const kb = knowledgeBase();
  const matcher = kb.termMatcher;
  const radius = matcher.contextLength;
  const startChar = Math.max(0, position.character - radius);
  const window = document.getText(
    new vscode.Range(position.line, startChar, position.line, position.character + radius),
  );
  const match = matcher.lookup(window, position.character - startChar);
  const concept = match && kb.get(match.conceptId);
  if (!match || !concept) return undefined;

  const lang = contentLang();
  const t = concept.text[lang];
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: HOVER_COMMANDS };
  md.appendMarkdown(`**${escapeMarkdown(t.name)}** · ${escapeMarkdown(concept.text[otherLang(lang)].name)}\n\n`);
  md.appendMarkdown(`${escapeMarkdown(t.definition)}\n\n`);
  md.appendMarkdown(`[$(book) ${vscode.l10n.t('Open article')}](${commandLink('virtkit.openArticle', concept.id)})`);
  md.appendMarkdown(
    ` · [$(list-tree) ${vscode.l10n.t('Show in Concepts view')}](${commandLink('virtkit.revealInTree', concept.id)})`,
  );
  const range = new vscode.Range(position.line, startChar + match.start, position.line, startChar + match.end);
  return new vscode.Hover(md, range);
}

function selector(): vscode.DocumentSelector {
  const languages = vscode.workspace.getConfiguration(SECTION).get<string[]>('hover.languages') ?? [];
  return languages.filter((l) => typeof l === 'string' && l.length > 0).map((language) => ({ language }));
}

/** Hover definitions, registered for the languages the settings name. */
export function registerTermHover(context: vscode.ExtensionContext): void {
  let registration: vscode.Disposable | undefined;
  const register = () => {
    registration?.dispose();
    registration = undefined;
    if (vscode.workspace.getConfiguration(SECTION).get<boolean>('hover.enabled') === false) return;
    registration = vscode.languages.registerHoverProvider(selector(), {
      provideHover: async (document, position, token) => {
        if (token.isCancellationRequested) return undefined;
        await loadKnowledge();
        return provideTermHover(document, position);
      },
    });
  };
  register();
  context.subscriptions.push(
    // The walkthrough's "try it" document: a bilingual note full of terms, never saved.
    vscode.commands.registerCommand('virtkit.openHoverSample', async () => {
      const sample = vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'hover-sample.md');
      const content = new TextDecoder().decode(await vscode.workspace.fs.readFile(sample));
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
      await vscode.window.showTextDocument(doc);
    }),
    onSettingChanged('hover', register),
    { dispose: () => registration?.dispose() },
  );
}
