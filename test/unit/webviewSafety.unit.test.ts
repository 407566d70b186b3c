// What reaches a webview is inert: markdown renders with raw HTML escaped and only https
// links, article pages escape every knowledge-base string, and both message protocols
// accept exactly their known shapes.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadContent } from 'virtkit:content';
import { renderArticleHtml } from '../../src/core/concepts/articleHtml';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import type { ContentData } from '../../src/core/concepts/types';
import { escapeHtml, escapeMarkdown } from '../../src/core/markdown/escape';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';
import { parseArticlePageMessage, parseArticleState } from '../../src/features/concepts/articleProtocol';
import { parsePageToHost } from '../../src/features/hostCheck/hostProtocol';

const PAYLOADS = [
  '"><img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  "' onmouseover='alert(1)",
  '<svg/onload=alert(1)>',
];

/**
 * The start tags of an HTML string, with their quoted attribute values emptied: escaping
 * turns every `"` of content into &quot;, so a raw `"` always delimits a value, and text
 * that only spells "onerror=" inside a value is harmless.
 */
const tags = (html: string) => (html.match(/<[a-z][^>]*>/gi) ?? []).map((t) => t.replace(/"[^"]*"/g, '""'));

/** A knowledge base whose every string is an attack. */
function hostileKb(payload: string): KnowledgeBase {
  const text = {
    name: payload,
    aliases: [payload],
    keywords: [],
    definition: payload,
    article: `${payload}\n\n[x](javascript:alert(1)) [y](${payload})`,
  };
  const data: ContentData = {
    categories: [{ id: 'basics', icon: 'book', en: payload, 'zh-cn': payload, concepts: ['a', 'b'] }],
    concepts: ['a', 'b'].map((id) => ({
      id,
      category: 'basics',
      cpuFlags: [payload],
      related: id === 'a' ? ['b'] : [],
      references: [{ title: payload, url: `https://example.org/${payload}` }],
      text: { en: text, 'zh-cn': text },
    })),
    cpuFlags: [],
  } as unknown as ContentData;
  return new KnowledgeBase(data);
}

describe('webview safety', () => {
  it('escapes HTML and markdown metacharacters', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    assert.equal(escapeMarkdown('[x](command:foo) *b* <i>'), '\\[x\\]\\(command:foo\\) \\*b\\* &lt;i&gt;');
    assert.equal(escapeMarkdown('$(book)'), '$\\(book\\)', 'no theme icon can be injected');
  });

  it('renders markdown without raw HTML and with https links only', () => {
    const md = createMarkdownRenderer();
    const html = md.render(
      '<script>alert(1)</script>\n\n[a](javascript:alert(1)) [b](command:x) [c](https://ok.example/)',
    );
    assert.doesNotMatch(html, /<script/);
    assert.doesNotMatch(html, /href="(javascript|command):/);
    assert.match(html, /href="https:\/\/ok\.example\/"/);
  });

  for (const payload of PAYLOADS) {
    it(`keeps an article inert for ${JSON.stringify(payload)}`, () => {
      const html = renderArticleHtml(hostileKb(payload), createMarkdownRenderer(), 'a', 'en') ?? '';
      assert.ok(html.length > 0);
      assert.doesNotMatch(html, /<(img|script|svg)/i, 'no element from the payload');
      // Escaped text may spell "onerror=", but no tag the page gets may carry a handler.
      for (const tag of tags(html)) assert.doesNotMatch(tag, /\son\w+=/i, tag);
      assert.doesNotMatch(html, /href="(?!https:|#)/i, 'only https and in-page links');
    });
  }

  it('renders every real article without a script, an event handler or a non-https link', () => {
    const kb = new KnowledgeBase(loadContent());
    const md = createMarkdownRenderer();
    for (const c of kb.concepts) {
      for (const lang of ['en', 'zh-cn'] as const) {
        const html = renderArticleHtml(kb, md, c.id, lang) ?? '';
        for (const tag of tags(html)) assert.doesNotMatch(tag, /^<script|\son\w+=/i, `${c.id} (${lang}): ${tag}`);
        assert.doesNotMatch(html, /href="(?!https:|#)/i, `${c.id} (${lang}): only https and in-page links`);
      }
    }
  });

  it('accepts only known article-page messages', () => {
    assert.deepEqual(parseArticlePageMessage({ type: 'navigate', id: 'ept' }), { type: 'navigate', id: 'ept' });
    assert.deepEqual(parseArticlePageMessage({ type: 'back', extra: 1 }), { type: 'back' });
    for (const bad of [
      null,
      42,
      'navigate',
      {},
      { type: 'navigate' },
      { type: 'navigate', id: 7 },
      { type: 'navigate', id: '../../etc/passwd' },
      { type: 'navigate', id: 'x'.repeat(100) },
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: `https://a.example/${'x'.repeat(5000)}` },
      { type: 'eval', code: 'alert(1)' },
      { type: '__proto__' },
    ]) {
      assert.equal(parseArticlePageMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.deepEqual(parseArticleState({ id: 'kvm' }), { id: 'kvm' });
    assert.equal(parseArticleState({ id: '<x>' }), undefined);
    assert.equal(parseArticleState(undefined), undefined);
  });

  it('accepts only known host-check-page messages', () => {
    assert.deepEqual(parsePageToHost({ type: 'refresh' }), { type: 'refresh' });
    assert.deepEqual(parsePageToHost({ type: 'openConcept', id: 'kvm' }), { type: 'openConcept', id: 'kvm' });
    for (const bad of [
      null,
      [],
      { type: 'openConcept', id: 'a b' },
      { type: 'run', cmd: 'rm -rf /' },
      { type: 'saveJson ' },
    ]) {
      assert.equal(parsePageToHost(bad), undefined, JSON.stringify(bad));
    }
  });
});

describe('webview styles', () => {
  it('use only theme variables for colour: no hard-coded colour in media/*.css', () => {
    const dir = join(__dirname, '../../media');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.css'))) {
      // Custom property names (--vscode-charts-green) are theme variables, not colours.
      const css = readFileSync(join(dir, f), 'utf8').replace(/--[\w-]+/g, '');
      assert.doesNotMatch(
        css,
        /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(|(?<![\w-])(white|black|red|green|blue)(?![\w-])/i,
        f,
      );
    }
  });
});
