// The extension's Chinese reads as one text: one word for "hypervisor", and Chinese
// punctuation after Chinese words. Runs over everything Chinese the extension shows: the
// knowledge base, the libvirt and QEMU hovers, the host check, the menus and messages.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { EXTENSION_NAMES, HINTS, SUMMARIES } from '../../src/core/host/verdictText';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';

const data = loadContent();
const md = createMarkdownRenderer();
const root = path.resolve(__dirname, '../..');

/** One piece of Chinese text and where it comes from, for the failure message. */
interface Text {
  where: string;
  text: string;
}

/**
 * The prose of a markdown text, one string per paragraph, heading, list item or table cell.
 * Code (spans and blocks) is left out; a code span becomes a backtick so that the text on
 * either side of it is not read as adjacent. Link targets are not text either.
 */
function prose(markdown: string): string[] {
  const out: string[] = [];
  for (const t of md.parse(markdown, {})) {
    if (t.type !== 'inline') continue;
    out.push(
      (t.children ?? [])
        .map((c) =>
          c.type === 'code_inline' ? '`' : c.type === 'softbreak' || c.type === 'hardbreak' ? '\n' : c.content,
        )
        .join(''),
    );
  }
  return out;
}

function jsonValues(file: string): string[] {
  return Object.values(JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>).filter(
    (v): v is string => typeof v === 'string',
  );
}

/**
 * Every Chinese text the user can see, as prose. Aliases and keywords are left out: they are
 * the terms other writers use, there to be found (the hypervisor entry lists 虚拟机管理程序
 * so that a hover on it works), not the extension's own wording.
 */
function chineseTexts(): Text[] {
  const texts: Text[] = [];
  const add = (where: string, markdown: string) => {
    for (const text of prose(markdown)) texts.push({ where, text });
  };
  for (const c of data.concepts) {
    const zh = c.text['zh-cn'];
    add(`concept ${c.id}: name`, zh.name);
    add(`concept ${c.id}: definition`, zh.definition);
    add(`concept ${c.id}: article`, zh.article);
  }
  for (const c of data.categories) add(`category ${c.id}`, c['zh-cn']);
  for (const f of data.cpuFlags) add(`cpu flag ${f.flag}`, f['zh-cn']);
  for (const e of data.libvirt) {
    add(`libvirt ${e.id}`, e['zh-cn']);
    for (const v of e.values ?? []) add(`libvirt ${e.id} = ${v.value}`, v['zh-cn']);
  }
  for (const e of data.qemu) add(`qemu ${e.id}`, e['zh-cn']);
  for (const [table, entries] of Object.entries({ SUMMARIES, HINTS, EXTENSION_NAMES }))
    for (const [key, t] of Object.entries(entries as Record<string, { 'zh-cn': string }>))
      add(`host check ${table}.${key}`, t['zh-cn']);
  for (const v of jsonValues('l10n/bundle.l10n.zh-cn.json')) add('l10n/bundle.l10n.zh-cn.json', v);
  for (const v of jsonValues('package.nls.zh-cn.json')) add('package.nls.zh-cn.json', v);
  return texts;
}

// ---------------------------------------------------------------------------------------
// One word for "hypervisor"

/** The Chinese text's word for "hypervisor": the head of the hypervisor entry's zh-cn name. */
const HYPERVISOR = 'hypervisor';

/** Other renderings of "hypervisor" that must not appear in the extension's own Chinese. */
const OTHER_RENDERINGS = [
  '虚拟化管理程序',
  '虚拟机管理程序',
  '虚拟机监控程序',
  '虚拟机监视器',
  '虚拟机监控器',
  '虚拟化软件',
  '虚拟化平台',
];

/**
 * Places where another rendering stays, each with its reason: a vendor's own wording, quoted
 * as the user will see it on screen, or a text that names the renderings.
 */
const ALLOWED: { text: string; reason: string }[] = [
  {
    text: 'Windows 虚拟机监控程序平台',
    reason: "Microsoft's Chinese name of the Windows Hypervisor Platform feature, as Windows shows it",
  },
  {
    text: '在此虚拟机中启用虚拟机监控程序应用',
    reason: 'VMware Fusion\'s Chinese label for "Enable hypervisor applications in this virtual machine"',
  },
  {
    text: '“虚拟机监控器”“虚拟机管理程序”“虚拟化管理程序”',
    reason: 'the hypervisor entry names the renderings a reader meets elsewhere',
  },
];

/** Names in which "Hypervisor" is capitalised because it is part of the name. */
const PROPER_NAMES = [
  'Cloud Hypervisor',
  'Hypervisor.framework',
  'Windows Hypervisor Platform',
  'RHEV Hypervisor',
  'Citrix Hypervisor',
  'Hypervisor 顶层功能规范', // Microsoft's "Hypervisor Top Level Functional Specification"
];

const blank = (s: string) => ' '.repeat(s.length);

/** The problems in one text; `used` collects the ALLOWED entries that applied. */
function renderingProblems(t: Text, used: Set<string>): string[] {
  let text = t.text;
  for (const a of ALLOWED) {
    if (text.includes(a.text)) {
      used.add(a.text);
      text = text.split(a.text).join(blank(a.text));
    }
  }
  for (const name of PROPER_NAMES) text = text.split(name).join(blank(name));
  // 虚拟机监控器 is the Chinese for "virtual machine monitor": it may stand beside VMM or gloss
  // hypervisor, as the entry's own name does ("Hypervisor（虚拟机监控器，VMM）").
  text = text.replace(/虚拟机监控器(?=（VMM）|，VMM)|(?<=hypervisor（)虚拟机监控器/gi, (m) => blank(m));

  const problems: string[] = [];
  const show = (at: number) => t.text.slice(Math.max(0, at - 12), at + 16).replace(/\n/g, ' ');
  for (const r of OTHER_RENDERINGS)
    for (let at = text.indexOf(r); at >= 0; at = text.indexOf(r, at + 1))
      problems.push(`${t.where}: "${r}" in "…${show(at)}…"; write ${HYPERVISOR}`);
  // Capital H only where a sentence, a heading or a label begins.
  for (const m of text.matchAll(/Hypervisor/g)) {
    const before = text.slice(0, m.index).replace(/[\s*_“"「]+$/u, '');
    if (before !== '' && !/[。！？；：\n]$/u.test(before))
      problems.push(`${t.where}: "Hypervisor" inside a sentence in "…${show(m.index ?? 0)}…"; write ${HYPERVISOR}`);
  }
  return problems;
}

describe('Chinese text: one word for "hypervisor"', () => {
  const texts = chineseTexts();

  it('takes the word from the hypervisor entry, whose other names stay aliases for the hover', () => {
    const c = data.concepts.find((x) => x.id === 'hypervisor');
    assert.ok(c, 'the hypervisor entry is missing');
    assert.ok(
      c.text['zh-cn'].name.toLowerCase().startsWith(HYPERVISOR),
      `the entry is called "${c.text['zh-cn'].name}"; the test's HYPERVISOR must follow it`,
    );
    for (const r of OTHER_RENDERINGS.filter((x) => x.startsWith('虚拟机') || x.endsWith('程序')))
      assert.ok(c.text['zh-cn'].aliases.includes(r), `"${r}" should stay an alias of hypervisor, so it hovers`);
  });

  it('reads enough Chinese to mean something', () => {
    assert.ok(texts.length > 1000, `only ${texts.length} Chinese texts`);
    assert.ok(
      texts.some((t) => t.where.startsWith('host check')) && texts.some((t) => t.where.startsWith('qemu')),
      'the host check and QEMU texts are not read',
    );
  });

  it('uses no other rendering outside the quoted vendor wording', () => {
    const used = new Set<string>();
    const problems = texts.flatMap((t) => renderingProblems(t, used));
    assert.deepEqual(problems, []);
    const stale = ALLOWED.filter((a) => !used.has(a.text)).map((a) => a.text);
    assert.deepEqual(stale, [], 'these allowed phrases no longer appear: remove them from ALLOWED');
  });

  it('catches the renderings it is meant to catch', () => {
    const t = (text: string) => renderingProblems({ where: 'sample', text }, new Set()).length;
    assert.equal(t('由虚拟化管理程序负责调度。'), 1);
    assert.equal(t('外层虚拟化平台的管理员'), 1);
    assert.equal(t('它为虚拟机监控器提供根模式'), 1);
    assert.equal(t('交给 Hypervisor 处理'), 1);
    assert.equal(t('Hypervisor 又称虚拟机监控器（VMM）。由 hypervisor（虚拟机监控器）调度。'), 0);
    assert.equal(t('例如 Cloud Hypervisor 和 Hypervisor.framework。'), 0);
  });
});

// ---------------------------------------------------------------------------------------
// Chinese punctuation after Chinese words

/** A Chinese character or Chinese punctuation. */
const CJK = String.raw`[\p{Script=Han}“”‘’、，。；！？：（）《》]`;
/** An ASCII colon or opening parenthesis after Chinese, or a pair of parentheses mixing the two kinds. */
const ASCII_AFTER_CJK = new RegExp(String.raw`${CJK}[ \t]*[:(]|（[^（）()\n]*\)|\([^（）()\n]*）`, 'gu');

function punctuationProblems(t: Text): string[] {
  // URLs are not prose, even where a text writes one out.
  const text = t.text.replace(/https?:\/\/\S+/g, (m) => blank(m));
  return [...text.matchAll(ASCII_AFTER_CJK)].map(
    (m) => `${t.where}: "${t.text.slice(Math.max(0, (m.index ?? 0) - 10), (m.index ?? 0) + 12)}" (use ： and （）)`,
  );
}

describe('Chinese text: Chinese punctuation after Chinese words', () => {
  it('writes ： and （） after a Chinese character, never ": " or "("', () => {
    assert.deepEqual(chineseTexts().flatMap(punctuationProblems), []);
  });

  it('catches ASCII colons and parentheses after Chinese, and mixed pairs', () => {
    const n = (text: string) => punctuationProblems({ where: 'sample', text }).length;
    assert.equal(n('注意: 先加载模块'), 1);
    assert.equal(n('虚拟机 (VM) 的内存'), 1);
    assert.equal(n('扩展页表（EPT)'), 1);
    assert.equal(n('虚拟机（VM）的内存：见 https://example.org/a:b(c)'), 0);
    assert.equal(n('QEMU (TCG): slow'), 0);
    // Code is not prose.
    assert.equal(prose('运行 `lsmod:(x)` 查看').flatMap((text) => punctuationProblems({ where: 's', text })).length, 0);
  });
});
