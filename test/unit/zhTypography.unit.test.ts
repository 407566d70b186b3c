// The extension's Chinese reads as one text: one word for "hypervisor", and Chinese
// punctuation after Chinese words. Runs over everything Chinese the extension shows: the
// knowledge base, the libvirt and QEMU hovers, the host check, the menus and messages.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { ARTICLE_LABELS, renderArticleHtml } from '../../src/core/concepts/articleHtml';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { probeHost } from '../../src/core/host/probe';
import { REASON_TEXT } from '../../src/core/host/reasons';
import { failedProbeReport } from '../../src/core/host/reportBase';
import { EXTENSION_NAMES, HINTS, SUMMARIES } from '../../src/core/host/verdictText';
import { HOST_LABELS } from '../../src/core/hostView/hostLabels';
import { buildHostView, hostViewToMarkdown } from '../../src/core/hostView/hostView';
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
  for (const e of data.tools) add(`tool ${e.id}`, e['zh-cn']);
  for (const [table, entries] of Object.entries({ SUMMARIES, HINTS, EXTENSION_NAMES }))
    for (const [key, t] of Object.entries(entries as Record<string, { 'zh-cn': string }>))
      add(`host check ${table}.${key}`, t['zh-cn']);
  for (const v of jsonValues('l10n/bundle.l10n.zh-cn.json')) add('l10n/bundle.l10n.zh-cn.json', v);
  for (const v of jsonValues('package.nls.zh-cn.json')) add('package.nls.zh-cn.json', v);
  for (const v of jsonValues('snippets/descriptions.zh-cn.json')) add('snippets/descriptions.zh-cn.json', v);
  for (const [key, t] of Object.entries(REASON_TEXT)) add(`host check reason ${key}`, t['zh-cn']);
  for (const v of strings(HOST_LABELS['zh-cn'])) add('host labels', v);
  for (const v of strings(ARTICLE_LABELS['zh-cn'])) add('article labels', v);
  // The walkthrough's pages hold both languages; their Chinese paragraphs count.
  for (const file of [...walkthroughPages(), 'README.zh-CN.md'])
    for (const text of prose(readFileSync(path.join(root, file), 'utf8')))
      if (/\p{Script=Han}/u.test(text)) texts.push({ where: file, text });
  return texts;
}

function strings(o: unknown): string[] {
  return typeof o === 'string' ? [o] : typeof o === 'object' && o !== null ? Object.values(o).flatMap(strings) : [];
}

/** The walkthrough's markdown pages (package.json points at media/walkthrough/). */
function walkthroughPages(): string[] {
  return readdirSync(path.join(root, 'media/walkthrough'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `media/walkthrough/${f}`);
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

// ---------------------------------------------------------------------------------------
// The same, on the pages as rendered: labels meet their values there ("分类：", "机器：")

/** The text of an HTML page: code left out (as a backtick), tags dropped, entities read. */
function htmlText(html: string): string {
  return html
    .replace(/<(pre|code)[^>]*>[\s\S]*?<\/\1>/g, '`')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Every Chinese host-check text a panel or a Markdown copy shows, for the fixture roots. */
async function renderedHostTexts(kb: KnowledgeBase): Promise<Text[]> {
  const fixtures = path.join(root, 'test/fixtures/host');
  const roots = [
    'intel-vmx-host',
    'amd-sev-host',
    'kvm-guest',
    'arm64-host',
    'intel-old-kernel',
    'stack-debian',
    'stack-fedora-missing',
  ];
  const texts: Text[] = [];
  const reports = await Promise.all(
    roots.map((name) => probeHost({ root: path.join(fixtures, name), lang: 'zh-cn', now: new Date(0) })),
  );
  reports.push(failedProbeReport('linux', 'x64', { code: 'exception', detail: 'boom' }, 'zh-cn'));
  for (const [i, r] of reports.entries()) {
    const view = buildHostView({ ...r, host: { ...r.host, remoteName: 'ssh-remote' } }, kb, 'zh-cn');
    const where = `host view ${roots[i] ?? 'failed probe'}`;
    for (const text of [
      view.machineLine,
      view.probedAtLine,
      ...view.sections.flatMap((sec) => sec.rows.flatMap((row) => [row.value, row.sourceLine ?? ''])),
      ...view.unreadable.map((u) => u.line),
    ])
      texts.push({ where, text });
    for (const text of prose(hostViewToMarkdown(view))) texts.push({ where: `${where} (Markdown)`, text });
  }
  return texts;
}

describe('Chinese pages as rendered: Chinese punctuation where labels meet values', () => {
  const kb = new KnowledgeBase(data);

  it('writes ： and （） on every Chinese article page', () => {
    const problems = data.concepts.flatMap((c) => {
      const html = renderArticleHtml(kb, md, c.id, 'zh-cn') ?? '';
      return punctuationProblems({ where: `article ${c.id}`, text: htmlText(html) });
    });
    assert.deepEqual(problems, []);
  });

  it('writes ： and （） in the definition "Copy Definition" puts on the clipboard', () => {
    const problems = data.concepts.flatMap((c) =>
      punctuationProblems({ where: `definition ${c.id}`, text: kb.definitionText(c.id, 'zh-cn') ?? '' }),
    );
    assert.deepEqual(problems, []);
    assert.match(kb.definitionText('kvm', 'en') ?? '', /^KVM.* \(.+\): /);
  });

  it('writes ： and （） in the Chinese host check panel and its Markdown copy', async () => {
    const texts = await renderedHostTexts(kb);
    assert.ok(texts.some((t) => t.text.startsWith('机器')) && texts.some((t) => t.where.endsWith('(Markdown)')));
    assert.deepEqual(texts.flatMap(punctuationProblems), []);
  });

  it('reads the label and its value as one text, so a ": " between them is caught', () => {
    const html = '<p class="category">分类: 基础</p><p class="cpu-flags">/proc/cpuinfo 标志: <code>vmx</code></p>';
    assert.equal(punctuationProblems({ where: 'sample', text: htmlText(html) }).length, 2);
    assert.equal(punctuationProblems({ where: 'sample', text: '机器: web-01 · (远程: ssh-remote)' }).length, 2);
  });
});

// ---------------------------------------------------------------------------------------
// A space between Chinese and Latin text; commands with placeholders that read as placeholders

/**
 * Latin letters or digits touching a Chinese character ("与KVM相关"). A placeholder such as
 * {0} counts as Latin, since what fills it usually is ("与 {0} 相关的概念").
 */
const UNSPACED = /\p{Script=Han}(?=[A-Za-z0-9]|\{\w+\})|(?<=[A-Za-z0-9]|\{\w+\})\p{Script=Han}/gu;

function spacingProblems(t: Text): string[] {
  const text = t.text.replace(/https?:\/\/\S+/g, (m) => blank(m));
  return [...text.matchAll(UNSPACED)].map(
    (m) => `${t.where}: "${t.text.slice(Math.max(0, (m.index ?? 0) - 10), (m.index ?? 0) + 12)}" (space them)`,
  );
}

/** Commands the texts mention, up to the end of the clause, code spans included. */
const COMMAND =
  /\b(?:virsh|qemu-img|qemu-system-[\w-]+|virt-install|virt-xml-validate)(?: +[^\s，。；：（）、“”`]+)+/gu;

/**
 * Chinese words used as a command's arguments ("virsh vol-create 存储池 文件") read as prose
 * when pasted: an argument to fill in is written <存储池> or in English. A bare Chinese word
 * followed by another argument, or by a second Chinese word, is one of them; a single Chinese
 * word after a command is the sentence going on ("用 virt-install 生成").
 */
function placeholderProblems(t: Text): string[] {
  const problems: string[] = [];
  for (const m of t.text.matchAll(COMMAND)) {
    const args = m[0].split(/ +/).slice(1);
    const bare = (a: string) => /\p{Script=Han}/u.test(a) && !/^<[^>]+>$/.test(a);
    args.forEach((a, i) => {
      const next = args[i + 1];
      if (bare(a) && next !== undefined && (bare(next) || next.startsWith('-')))
        problems.push(`${t.where}: "${m[0]}" (write <${a}> or the English placeholder)`);
    });
  }
  return problems;
}

/** The raw Chinese texts, code spans and all, where commands are written out. */
function rawChineseTexts(): Text[] {
  const texts: Text[] = [];
  for (const file of ['l10n/bundle.l10n.zh-cn.json', 'package.nls.zh-cn.json', 'snippets/descriptions.zh-cn.json'])
    for (const text of jsonValues(file)) texts.push({ where: file, text });
  for (const file of [...walkthroughPages(), 'README.zh-CN.md'])
    for (const text of readFileSync(path.join(root, file), 'utf8').split(/\n\s*\n/))
      if (/\p{Script=Han}/u.test(text)) texts.push({ where: file, text });
  for (const c of data.concepts) texts.push({ where: `concept ${c.id}`, text: c.text['zh-cn'].article });
  return texts;
}

describe('Chinese text: spacing and placeholders', () => {
  it('puts a space between Chinese and Latin letters or digits', () => {
    assert.deepEqual(chineseTexts().flatMap(spacingProblems), []);
  });

  it('catches Chinese and Latin text run together, placeholders included', () => {
    const n = (text: string) => spacingProblems({ where: 'sample', text }).length;
    assert.equal(n('与KVM相关的概念'), 2);
    assert.equal(n('与{0}相关的概念'), 2);
    assert.equal(n('与 {0} 相关的概念，“{1}”也是'), 0);
    assert.equal(n('支持 64 位的 CPU，见 https://example.org/a中b'), 0);
  });

  it('writes the placeholders of a command as placeholders, not as Chinese words', () => {
    assert.deepEqual(rawChineseTexts().flatMap(placeholderProblems), []);
  });

  it('catches Chinese words used as arguments', () => {
    const n = (text: string) => placeholderProblems({ where: 'sample', text }).length;
    assert.equal(n('（virsh vol-create 存储池 文件）'), 1);
    assert.equal(n('virsh snapshot-create 虚拟机 文件 --disk-only'), 2);
    assert.equal(n('（virsh vol-create <存储池> <文件>）'), 0);
    assert.equal(n('由 virt-install 自动生成种子 ISO'), 0);
    assert.equal(n('用 virt-install --osinfo list 查看系统名称'), 0);
  });
});
