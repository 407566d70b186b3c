import * as vscode from 'vscode';
import { contentLoaded, loadContent, setContent } from 'virtkit:content';
import { KnowledgeBase } from '../core/concepts/knowledgeBase';
import type { ContentData } from '../core/concepts/types';

// The knowledge base is one file in the package, dist/content.json, read by both entries (Node
// and web worker) through vscode.workspace.fs on first use: activation never reads it, and the
// web bundle no longer carries a second copy.
let extensionUri: vscode.Uri | undefined;
let loading: Promise<void> | undefined;
let kb: KnowledgeBase | undefined;

/** Called from activate(): where dist/content.json is. Reads nothing. */
export function initKnowledge(uri: vscode.Uri): void {
  extensionUri = uri;
}

/** Reads and parses the content once; every feature entry awaits this before using it. */
export async function loadKnowledge(): Promise<KnowledgeBase> {
  loading ??= (async () => {
    if (contentLoaded()) return;
    if (!extensionUri) throw new Error('initKnowledge() was not called');
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', 'content.json'));
    setContent(new TextDecoder().decode(bytes));
  })();
  loading.catch(() => (loading = undefined));
  await loading;
  return knowledgeBase();
}

/** The content, once loadKnowledge() has resolved. */
export async function loadContentData(): Promise<ContentData> {
  await loadKnowledge();
  return loadContent();
}

/**
 * The knowledge base, synchronously: only after loadKnowledge() resolved (a tree item after its
 * getChildren, a panel after its command). Throws otherwise, loudly, rather than guess.
 */
export function knowledgeBase(): KnowledgeBase {
  return (kb ??= new KnowledgeBase(loadContent()));
}
