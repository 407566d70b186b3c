// Both languages say the same things (content/README.md): the same sections, the same lists
// and code, and the note on the primer in both or in neither. Counting markdown structure
// cannot prove two texts mean the same, but it catches a section, an item or an example
// added to one language and forgotten in the other.
import * as assert from 'node:assert/strict';
import { loadContent } from 'virtkit:content';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';
import type { Lang } from '../../src/core/language';

const data = loadContent();
const md = createMarkdownRenderer();

/** The title of the note on the primer in each language. */
const PRIMER_NOTE: Record<Lang, string> = { en: 'Note on the primer', 'zh-cn': '关于入门资料的说明' };

interface Shape {
  /** Headings per level: "h2" → 3. */
  headings: Record<string, number>;
  listItems: number;
  codeBlocks: number;
  tableRows: number;
  hasPrimerNote: boolean;
}

function shape(article: string, lang: Lang): Shape {
  const tokens = md.parse(article, {});
  const s: Shape = { headings: {}, listItems: 0, codeBlocks: 0, tableRows: 0, hasPrimerNote: false };
  tokens.forEach((t, i) => {
    if (t.type === 'heading_open') {
      s.headings[t.tag] = (s.headings[t.tag] ?? 0) + 1;
      if (tokens[i + 1]?.content.trim() === PRIMER_NOTE[lang]) s.hasPrimerNote = true;
    } else if (t.type === 'list_item_open') s.listItems++;
    else if (t.type === 'fence' || t.type === 'code_block') s.codeBlocks++;
    else if (t.type === 'tr_open') s.tableRows++;
  });
  return s;
}

describe('content: English and Chinese parity', () => {
  it('gives every article the same sections, lists, code and tables in both languages', () => {
    const problems: string[] = [];
    for (const c of data.concepts) {
      const en = shape(c.text.en.article, 'en');
      const zh = shape(c.text['zh-cn'].article, 'zh-cn');
      const diff = (what: string, a: unknown, b: unknown) => {
        if (JSON.stringify(a) !== JSON.stringify(b))
          problems.push(`${c.id}: ${what}: en ${JSON.stringify(a)}, zh-cn ${JSON.stringify(b)}`);
      };
      const levels = [...new Set([...Object.keys(en.headings), ...Object.keys(zh.headings)])].sort();
      for (const h of levels) diff(`${h} headings`, en.headings[h] ?? 0, zh.headings[h] ?? 0);
      diff('list items', en.listItems, zh.listItems);
      diff('code blocks', en.codeBlocks, zh.codeBlocks);
      diff('table rows', en.tableRows, zh.tableRows);
      diff('note on the primer', en.hasPrimerNote, zh.hasPrimerNote);
    }
    assert.deepEqual(problems, []);
  });

  it('titles the note on the primer as content/README.md says, at the same level in both languages', () => {
    const problems: string[] = [];
    for (const c of data.concepts) {
      for (const lang of ['en', 'zh-cn'] as const) {
        // A near miss ("Notes on the primer", "关于入门资料") would escape the parity check.
        for (const m of c.text[lang].article.matchAll(/^(#+)\s*(.*)$/gm)) {
          const title = m[2].trim();
          const near = lang === 'en' ? /primer/i.test(title) : /入门资料/.test(title);
          if (near && title !== PRIMER_NOTE[lang]) problems.push(`${c.id} (${lang}): "${title}"`);
          if (title === PRIMER_NOTE[lang] && m[1] !== '##') problems.push(`${c.id} (${lang}): note is ${m[1]}, not ##`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
