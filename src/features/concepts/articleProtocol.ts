// The article page's message protocol, imported by the host (articlePanel.ts) and by the
// page (media/src/article.ts). The host renders every page itself, so messages only flow
// from the page to the host.

/** Messages the page sends. */
export type ArticlePageMessage =
  | { type: 'navigate'; id: string }
  | { type: 'back' }
  | { type: 'forward' }
  | { type: 'revealInTree' }
  | { type: 'openExternal'; url: string };

/** What the page keeps in `vscode.setState`, read back when VS Code restores the panel. */
export interface ArticleState {
  id: string;
}

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * Checks an untrusted message from the page; anything that is not exactly one of the
 * known shapes gives undefined and is ignored by the host.
 */
export function parseArticlePageMessage(raw: unknown): ArticlePageMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'navigate':
      return typeof m.id === 'string' && ID.test(m.id) ? { type: 'navigate', id: m.id } : undefined;
    case 'back':
    case 'forward':
    case 'revealInTree':
      return { type: m.type };
    case 'openExternal':
      return typeof m.url === 'string' && m.url.length <= 2048 && /^https:\/\//i.test(m.url)
        ? { type: 'openExternal', url: m.url }
        : undefined;
    default:
      return undefined;
  }
}

/** Reads the restored state; undefined when it is not ours. */
export function parseArticleState(raw: unknown): ArticleState | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as Record<string, unknown>).id;
  return typeof id === 'string' && ID.test(id) ? { id } : undefined;
}
