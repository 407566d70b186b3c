// The READMEs' command and setting tables say exactly what package.json contributes, the
// Chinese README covers what the English one does, and Chinese paragraphs are one line each.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const readme = read('README.md');
const readmeZh = read('README.zh-CN.md');
const manifest = JSON.parse(read('package.json'));
const nls = JSON.parse(read('package.nls.json'));
const nlsZh = JSON.parse(read('package.nls.zh-cn.json'));
const localize = (s: string, table: Record<string, string> = nls) => s.replace(/^%(.+)%$/, (_, k: string) => table[k]);

/** The first column (in backticks) of the table after `<!-- name: ... -->`. */
function tableRows(text: string, name: string): Map<string, string[]> {
  const at = text.indexOf(`<!-- ${name}:`);
  assert.ok(at >= 0, `README has no ${name} table`);
  const rows = new Map<string, string[]>();
  for (const line of text.slice(at).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (rows.size) break;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[0])?.[1];
    if (key) rows.set(key, cells);
  }
  return rows;
}

const commands = manifest.contributes.commands as { command: string; title: string }[];
const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;

for (const [name, text, table] of [
  ['README.md', readme, nls],
  ['README.zh-CN.md', readmeZh, nlsZh],
] as const) {
  describe(name, () => {
    it('lists every command with its title in the README’s language, and no other', () => {
      const rows = tableRows(text, 'commands');
      assert.deepEqual([...rows.keys()].sort(), commands.map((c) => c.command).sort());
      const category = localize('%category%', table);
      for (const c of commands)
        assert.equal(rows.get(c.command)?.[1], `${category}: ${localize(c.title, table)}`, c.command);
    });

    it('lists every setting with its default, and no other', () => {
      const rows = tableRows(text, 'settings');
      assert.deepEqual([...rows.keys()].sort(), Object.keys(props).sort());
      // Strings are shown bare (`auto`), except the empty one (`""`); anything else as JSON.
      const shown = (v: unknown) => (typeof v === 'string' && v !== '' ? v : JSON.stringify(v));
      for (const [key, p] of Object.entries(props)) assert.equal(rows.get(key)?.[1], `\`${shown(p.default)}\``, key);
      if (table === nlsZh)
        for (const [key, cells] of rows) assert.match(cells[2] ?? '', /\p{Script=Han}/u, `${key}: say it in Chinese`);
    });
  });
}

/** Lines outside fenced code blocks. */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split('\n').map((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return '';
    }
    return fenced ? '' : line;
  });
}

function headings(text: string): { h2: string[]; h3: string[] } {
  const lines = proseLines(text);
  return { h2: lines.filter((l) => /^## /.test(l)), h3: lines.filter((l) => /^### /.test(l)) };
}

describe('README.zh-CN.md', () => {
  it('has the English README’s sections: as many ## and ### headings', () => {
    const en = headings(readme);
    const zh = headings(readmeZh);
    assert.ok(en.h2.length > 5);
    assert.equal(zh.h2.length, en.h2.length, `English: ${en.h2.join(' / ')}\nChinese: ${zh.h2.join(' / ')}`);
    assert.equal(zh.h3.length, en.h3.length, `English: ${en.h3.join(' / ')}\nChinese: ${zh.h3.join(' / ')}`);
  });

  it('sends no reader to the English README for what it leaves out', () => {
    assert.doesNotMatch(readmeZh, /见英文 README|英文 README 中/);
  });

  it('states every known limit the English README states', () => {
    const limits = (text: string, heading: RegExp) => {
      const at = text.search(heading);
      assert.ok(at >= 0, `no ${heading}`);
      const rest = text.slice(at).split('\n').slice(1);
      const end = rest.findIndex((l) => l.startsWith('## '));
      return (end < 0 ? rest : rest.slice(0, end)).filter((l) => l.startsWith('- ')).length;
    };
    assert.equal(limits(readmeZh, /^## 已知限制/m), limits(readme, /^## Known limits/m));
  });
});

// ---------------------------------------------------------------------------------------
// Chinese paragraphs on one line

/** A Chinese character or Chinese punctuation. */
const CJK = /[\p{Script=Han}\u3000-\u303f\uff01-\uff60“”‘’…—]/u;

/** The files whose Chinese is read as rendered markdown: the README and the walkthrough's pages. */
function chineseMarkdownFiles(): string[] {
  const walkthrough = readdirSync(join(root, 'media/walkthrough'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `media/walkthrough/${f}`);
  return ['README.zh-CN.md', ...walkthrough];
}

/**
 * Places where a Chinese line ends and the next line of the same paragraph starts with Chinese:
 * markdown joins them with a space, which Chinese does not have ("虚拟机； 如果不能").
 */
function hardBreaks(file: string, text: string): string[] {
  const lines = proseLines(text);
  const problems: string[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const here = lines[i].trimEnd();
    const next = lines[i + 1].trim();
    // A new block (heading, list item, table row, quote) is not the same paragraph.
    if (here === '' || next === '' || /^(#|[-*+] |\d+\. |\||>)/.test(next) || here.startsWith('|')) continue;
    if (CJK.test(here.slice(-1)) && CJK.test(next[0] ?? ''))
      problems.push(`${file}:${i + 1}: "…${here.slice(-10)}" / "${next.slice(0, 10)}…"`);
  }
  return problems;
}

describe('Chinese markdown: one line per paragraph', () => {
  it('breaks no Chinese paragraph across lines in the README and the walkthrough', () => {
    const files = chineseMarkdownFiles();
    assert.ok(files.length >= 6, files.join(', '));
    assert.deepEqual(
      files.flatMap((f) => hardBreaks(f, read(f))),
      [],
    );
  });

  it('catches a Chinese line that goes on on the next line', () => {
    assert.equal(hardBreaks('s', '判断能否运行；\n如果不能，会告诉你。').length, 1);
    assert.equal(
      hardBreaks('s', '- 概念视图：从基础（虚拟化、\n  VT-d）到机密计算。\n- 悬停定义：虚拟化、\n  全虚拟化').length,
      1,
    );
    assert.equal(hardBreaks('s', '判断能否运行。\n\n如果不能。\n- 列表\n## 标题').length, 0);
    assert.equal(hardBreaks('s', '```\n中文\n中文\n```').length, 0);
  });
});
