import type MarkdownIt from 'markdown-it';
import { otherLang, type Lang } from '../language';
import { escapeHtml } from '../markdown/escape';
import type { KnowledgeBase } from './knowledgeBase';

/** Words of the article page. */
export interface ArticleLabels {
  definition: string;
  related: string;
  references: string;
  cpuFlags: string;
  category: string;
  navigation: string;
  back: string;
  forward: string;
  showInTree: string;
  /** Between a label and its value: ": ", or "：" after a Chinese label. */
  colon: string;
}

/**
 * The article page's words follow the content language (`virtkit.language`), like the
 * article itself, so a page never mixes languages; the type makes a gap a compile error.
 */
export const ARTICLE_LABELS: Record<Lang, ArticleLabels> = {
  en: {
    definition: 'Definition',
    related: 'Related concepts',
    references: 'References',
    cpuFlags: '/proc/cpuinfo flags',
    category: 'Category',
    navigation: 'Article navigation',
    back: '← Back',
    forward: 'Forward →',
    showInTree: 'Show in Concepts view',
    colon: ': ',
  },
  'zh-cn': {
    definition: '定义',
    related: '相关概念',
    references: '参考资料',
    cpuFlags: '/proc/cpuinfo 标志',
    category: '分类',
    navigation: '文章导航',
    back: '← 后退',
    forward: '前进 →',
    showInTree: '在概念视图中显示',
    colon: '：',
  },
};

/**
 * The article body as HTML. Every piece of content goes through markdown-it (raw HTML off)
 * or `escapeHtml`, so nothing in the knowledge base can become markup. Related concepts are
 * `data-concept` links the page turns into navigation messages; references are https links
 * the page hands to the host to open outside.
 */
export function renderArticleHtml(
  kb: KnowledgeBase,
  md: MarkdownIt,
  id: string,
  lang: Lang,
  labels: ArticleLabels = ARTICLE_LABELS[lang],
): string | undefined {
  const c = kb.get(id);
  if (!c) return undefined;
  const t = c.text[lang];
  const o = c.text[otherLang(lang)];
  const cat = kb.category(c.category);
  const parts: string[] = [];
  parts.push(`<header><h1>${escapeHtml(t.name)}</h1>`);
  parts.push(`<p class="other-name" lang="${otherLang(lang) === 'zh-cn' ? 'zh-CN' : 'en'}">${escapeHtml(o.name)}</p>`);
  if (cat)
    parts.push(
      `<p class="category">${escapeHtml(labels.category)}${escapeHtml(labels.colon)}${escapeHtml(cat[lang])}</p>`,
    );
  parts.push('</header>');
  parts.push(
    `<section class="definition" aria-label="${escapeHtml(labels.definition)}"><p>${escapeHtml(t.definition)}</p></section>`,
  );
  if (c.cpuFlags.length) {
    const flags = c.cpuFlags.map((f) => `<code>${escapeHtml(f)}</code>`).join(' ');
    parts.push(`<p class="cpu-flags">${escapeHtml(labels.cpuFlags)}${escapeHtml(labels.colon)}${flags}</p>`);
  }
  parts.push(`<article>${md.render(t.article)}</article>`);
  const related = c.related.map((r) => kb.get(r)).filter((r) => r !== undefined);
  if (related.length) {
    parts.push(`<section class="related"><h2>${escapeHtml(labels.related)}</h2><ul>`);
    for (const r of related) {
      parts.push(
        `<li><a href="#" data-concept="${escapeHtml(r.id)}">${escapeHtml(r.text[lang].name)}</a> — ${escapeHtml(r.text[lang].definition)}</li>`,
      );
    }
    parts.push('</ul></section>');
  }
  if (c.references.length) {
    parts.push(`<section class="references"><h2>${escapeHtml(labels.references)}</h2><ul>`);
    for (const ref of c.references) {
      parts.push(`<li><a href="${escapeHtml(ref.url)}" data-external="true">${escapeHtml(ref.title)}</a></li>`);
    }
    parts.push('</ul></section>');
  }
  return parts.join('\n');
}
