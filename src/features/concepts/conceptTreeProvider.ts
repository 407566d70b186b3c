import * as vscode from 'vscode';
import type { KnowledgeBase } from '../../core/concepts/knowledgeBase';
import { otherLang, type Lang } from '../../core/language';

/** A row of the tree: a category or a concept. Instances are cached so reveal() finds them. */
export type ConceptNode = { kind: 'category'; id: string } | { kind: 'concept'; id: string; category: string };

/** Maps the knowledge base onto the Concepts view: categories, then their concepts. */
export class ConceptTreeProvider implements vscode.TreeDataProvider<ConceptNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, ConceptNode>();

  constructor(
    /** Loads on first use; the tree's items only exist after getChildren, so after it. */
    private readonly kb: () => Promise<KnowledgeBase>,
    private readonly loaded: () => KnowledgeBase,
    private readonly lang: () => Lang,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  /** The node of a concept, for TreeView.reveal. */
  async conceptNode(id: string): Promise<ConceptNode | undefined> {
    const c = (await this.kb()).get(id);
    return c ? this.node({ kind: 'concept', id, category: c.category }) : undefined;
  }

  private node<T extends ConceptNode>(n: T): T {
    const key = `${n.kind}:${n.id}`;
    const known = this.nodes.get(key);
    if (known) return known as T;
    this.nodes.set(key, n);
    return n;
  }

  async getChildren(element?: ConceptNode): Promise<ConceptNode[]> {
    const kb = await this.kb();
    if (!element) return kb.categories.map((c) => this.node({ kind: 'category', id: c.id }));
    if (element.kind === 'concept') return [];
    return kb.conceptsIn(element.id).map((c) => this.node({ kind: 'concept', id: c.id, category: c.category }));
  }

  getParent(element: ConceptNode): ConceptNode | undefined {
    return element.kind === 'concept' ? this.node({ kind: 'category', id: element.category }) : undefined;
  }

  getTreeItem(element: ConceptNode): vscode.TreeItem {
    const kb = this.loaded();
    const lang = this.lang();
    if (element.kind === 'category') {
      const cat = kb.category(element.id);
      const item = new vscode.TreeItem(cat?.[lang] ?? element.id, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `category:${element.id}`;
      item.description = cat?.[otherLang(lang)];
      item.iconPath = new vscode.ThemeIcon(cat?.icon ?? 'folder');
      item.contextValue = 'category';
      return item;
    }
    const c = kb.get(element.id);
    const t = c?.text[lang];
    const item = new vscode.TreeItem(t?.name ?? element.id, vscode.TreeItemCollapsibleState.None);
    item.id = `concept:${element.id}`;
    item.description = c?.text[otherLang(lang)].name;
    item.tooltip = t
      ? new vscode.MarkdownString()
          .appendMarkdown('**')
          .appendText(t.name)
          .appendMarkdown('**\n\n')
          .appendText(t.definition)
      : undefined;
    item.iconPath = new vscode.ThemeIcon(kb.category(element.category)?.icon ?? 'symbol-key');
    item.contextValue = 'concept';
    item.command = { command: 'virtkit.openArticle', title: vscode.l10n.t('Open Article'), arguments: [element.id] };
    return item;
  }
}
