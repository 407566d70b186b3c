import * as vscode from 'vscode';
import { ARTICLE_LABELS, renderArticleHtml } from '../../core/concepts/articleHtml';
import type MarkdownIt from 'markdown-it';
import { escapeHtml } from '../../core/markdown/escape';
import { contentLang } from '../../shared/settings';
import { knowledgeBase, loadKnowledge } from '../../shared/knowledge';
import { webviewOptions, webviewPage } from '../../shared/webview';
import { parseArticlePageMessage, parseArticleState, type ArticlePageMessage } from './articleProtocol';

export const ARTICLE_VIEW_TYPE = 'virtkit.article';
const VISIBLE_CONTEXT = 'virtkit.articleVisible';

let md: Promise<MarkdownIt> | undefined;

/** markdown-it, loaded and configured with the first article (not on activation). */
function markdownRenderer(): Promise<MarkdownIt> {
  return (md ??= import('../../core/markdown/markdownRenderer').then((m) => m.createMarkdownRenderer()));
}

/**
 * The one article panel: reused for every concept, with its own back / forward history.
 * The host renders each page in full (a new nonce each time); the page only reports clicks.
 */
export class ArticlePanel implements vscode.Disposable {
  private static current: ArticlePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private back: string[] = [];
  private forward: string[] = [];

  /** Shows `id` in the panel, creating the panel when there is none. */
  static show(extensionUri: vscode.Uri, id: string, revealInTree: (id: string) => unknown): ArticlePanel {
    if (ArticlePanel.current) {
      ArticlePanel.current.navigate(id);
      ArticlePanel.current.panel.reveal(undefined, false);
      return ArticlePanel.current;
    }
    // Titled from the start, so the tab never shows an empty name while the page renders.
    const panel = vscode.window.createWebviewPanel(
      ARTICLE_VIEW_TYPE,
      knowledgeBase().get(id)?.text[contentLang()].name ?? '',
      vscode.ViewColumn.Active,
      webviewOptions(extensionUri, { enableFindWidget: true }),
    );
    return (ArticlePanel.current = new ArticlePanel(panel, extensionUri, id, revealInTree));
  }

  /** The concept the open panel shows, if any. */
  static get currentId(): string | undefined {
    return ArticlePanel.current?.id;
  }

  /** Re-renders the open panel, e.g. after the language setting changed. */
  static refresh(): void {
    void ArticlePanel.current?.render();
  }

  /** Restores a panel VS Code kept across a window reload. */
  static registerSerializer(extensionUri: vscode.Uri, revealInTree: (id: string) => unknown): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(ARTICLE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        await loadKnowledge();
        const id = parseArticleState(state)?.id;
        panel.webview.options = webviewOptions(extensionUri, { enableFindWidget: true });
        ArticlePanel.current?.dispose();
        ArticlePanel.current = new ArticlePanel(
          panel,
          extensionUri,
          id && knowledgeBase().get(id) ? id : 'virtualization',
          revealInTree,
        );
      },
    });
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private id: string,
    private readonly revealInTree: (id: string) => unknown,
  ) {
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'activity.svg');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      panel.onDidChangeViewState((e) => this.setVisibleContext(e.webviewPanel.visible)),
    );
    this.setVisibleContext(true);
    void this.render();
  }

  private setVisibleContext(visible: boolean): void {
    void vscode.commands.executeCommand('setContext', VISIBLE_CONTEXT, visible);
  }

  navigate(id: string): void {
    if (id === this.id || !knowledgeBase().get(id)) return;
    this.back.push(this.id);
    this.forward = [];
    this.id = id;
    void this.render();
  }

  private onMessage(raw: unknown): void {
    const msg: ArticlePageMessage | undefined = parseArticlePageMessage(raw);
    if (!msg) {
      console.warn('[virtkit] ignored an unknown message from the article page');
      return;
    }
    switch (msg.type) {
      case 'navigate':
        this.navigate(msg.id);
        break;
      case 'back':
      case 'forward': {
        const [from, to] = msg.type === 'back' ? [this.back, this.forward] : [this.forward, this.back];
        const next = from.pop();
        if (next === undefined) return;
        to.push(this.id);
        this.id = next;
        void this.render();
        break;
      }
      case 'revealInTree':
        this.revealInTree(this.id);
        break;
      case 'openExternal':
        // Only the references the knowledge base lists, so a page can never open other URLs.
        if (knowledgeBase().concepts.some((c) => c.references.some((r) => r.url === msg.url))) {
          void vscode.env.openExternal(vscode.Uri.parse(msg.url));
        }
        break;
    }
  }

  private async render(): Promise<void> {
    const kb = knowledgeBase();
    const lang = contentLang();
    const L = ARTICLE_LABELS[lang];
    const concept = kb.get(this.id);
    if (!concept) return;
    const renderer = await markdownRenderer();
    // Navigated elsewhere while markdown-it loaded: that render shows the newer page.
    if (this.id !== concept.id) return;
    const body = renderArticleHtml(kb, renderer, this.id, lang) ?? '';
    const button = (action: string, label: string, enabled: boolean) =>
      `<button type="button" data-action="${action}"${enabled ? '' : ' disabled'}>${escapeHtml(label)}</button>`;
    this.panel.title = concept.text[lang].name;
    this.panel.webview.html = webviewPage(this.panel.webview, this.extensionUri, {
      lang,
      title: concept.text[lang].name,
      asset: 'article',
      bodyAttributes: `data-concept-id="${escapeHtml(this.id)}"`,
      body: `<nav aria-label="${escapeHtml(L.navigation)}">
${button('back', L.back, this.back.length > 0)}
${button('forward', L.forward, this.forward.length > 0)}
${button('revealInTree', L.showInTree, true)}
</nav>
<main>
${body}
</main>`,
    });
  }

  dispose(): void {
    if (ArticlePanel.current === this) {
      ArticlePanel.current = undefined;
      this.setVisibleContext(false);
    }
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
