import MarkdownIt from 'markdown-it';

/**
 * The one markdown-it configuration the extension uses. Raw HTML is off (our content never
 * needs it, and escaping everything is what keeps the webview inert); only https links
 * survive, so nothing in an article can point at a command or a local file.
 */
export function createMarkdownRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string) => /^https:\/\//i.test(url.trim());
  return md;
}

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
