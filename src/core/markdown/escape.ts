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

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const LINE_BREAKS_AND_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Escapes untrusted text (read from a machine, a file, a setting) for one line of markdown,
 * stricter than escapeMarkdown: every ASCII punctuation character is backslash-escaped (each
 * may be, in CommonMark), so no link, image, emphasis, code span, heading, list, table cell
 * break, HTML tag or entity can form; `:`, `@` and `.` among them, so neither GitHub's nor
 * markdown-it's autolinking sees `https://x`, `www.x` or `a@b.c`; line breaks and other
 * controls become spaces, so the text cannot start a new block.
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(LINE_BREAKS_AND_CONTROLS, ' ')
    .replace(/[!-/:-@[-`{-~]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`));
}
