// Escaping for the two places text lands in: HTML (webview pages) and markdown (hovers).
// Kept apart from the markdown-it renderer so hovers never load markdown-it.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * Escapes text for a markdown paragraph (a hover), so it renders literally. Unlike VS Code's
 * MarkdownString.appendText it leaves spaces alone, so the hover wraps between words.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`,
  );
}
