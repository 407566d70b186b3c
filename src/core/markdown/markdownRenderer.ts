import MarkdownIt from 'markdown-it';

/**
 * The one markdown-it configuration the extension uses. Raw HTML is off (our content never
 * needs it, and escaping everything is what keeps the webview inert); only https links
 * survive, so nothing in an article can point at a command or a local file.
 * The extension imports this module dynamically, so markdown-it loads with the first article.
 */
export function createMarkdownRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = (url: string) => /^https:\/\//i.test(url.trim());
  return md;
}
