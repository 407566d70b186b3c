// A copied tree (virtkit.hostCheck.root) can hold anything: text the machine reports is
// length-limited, never becomes the extension's advice or code, is escaped in "Copy as
// Markdown", and a report of a copied tree says so; a relative root is refused.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { MAX_MACHINE_TEXT, machineText } from '../../src/core/host/machineText';
import { probeHost, probeTarget } from '../../src/core/host/probe';
import type { HostReport } from '../../src/core/host/types';
import { renderDecision } from '../../src/core/host/verdict';
import { CODE_PLACEHOLDERS, HINTS, SUMMARIES } from '../../src/core/host/verdictText';
import { buildHostView, hostViewToMarkdown, labelled, type HostView } from '../../src/core/hostView/hostView';
import { escapeMarkdownText } from '../../src/core/markdown/escape';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const NOW = new Date('2025-01-01T00:00:00Z');
const kb = new KnowledgeBase(loadContent());

/** Hostile values a copied tree (or an OS error message) could carry. */
const PAYLOADS = [
  '[click](https://evil)',
  '![x](https://evil/x.png)',
  '<img src=x onerror=alert(1)>',
  '`rm -rf /`',
  'x\n# Heading',
  'x\n===',
  '| a | b |',
  'https://evil.example',
  'www.evil.example',
  'root@evil.example',
  '<https://evil.example>',
  '&lt;img src=x&gt; &#60;b&#62;',
  '*b* _i_ ~~s~~ <!-- c -->',
];

/** The code spans of a sentence. */
const codeSpans = (s: string): string[] => [...s.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');

/** An Intel machine without VT-x whose CPU model, hostname, kernel and DMI strings are `payload`. */
function hostileTree(dir: string, payload: string, extra: Record<string, string> = {}): string {
  const line = payload.replace(/\n/g, ' ');
  const files: Record<string, string> = {
    'proc/cpuinfo': `processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: ${line}\nflags\t\t: fpu lm\n`,
    'proc/sys/kernel/hostname': `${line}\n`,
    'proc/sys/kernel/osrelease': `${line}\n`,
    'sys/class/dmi/id/sys_vendor': `${line}\n`,
    'sys/class/dmi/id/product_name': `${line}\n`,
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Every string field of a report that came from the machine. */
function machineFields(r: HostReport): string[] {
  return [
    r.host.kernel,
    r.host.hostname,
    r.cpu.model,
    r.cpu.vendorId,
    r.guest.hypervisor,
    ...r.virtualization.features.map((f) => f.id),
    ...(r.virtualization.evidence ?? []).map((e) => e.text),
    ...(r.kvm.modules ?? []),
    ...r.unreadable.map((u) => u.reason),
  ].filter((s): s is string => typeof s === 'string');
}

describe('host check: text from the machine', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-hostile-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('machineText: one line, at most 200 characters with an ellipsis, invisible controls shown', () => {
    assert.equal(MAX_MACHINE_TEXT, 200);
    const long = machineText('A'.repeat(5000));
    assert.equal(Array.from(long).length, 200);
    assert.ok(long.endsWith('…'));
    assert.equal(machineText('short'), 'short');
    assert.equal(machineText('a\nb\r\nc\td'), 'a b  c d');
    assert.equal(machineText('evil\u202Etxt.exe'), 'evil\uFFFDtxt.exe', 'a right-to-left override is visible');
    // A surrogate pair is never cut in half.
    const emoji = machineText('😀'.repeat(300));
    assert.equal(Array.from(emoji).length, 200);
    assert.doesNotMatch(emoji, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('every machine-reported field of a report is length-limited, kernel log lines too', async () => {
    const huge = 'Intel(R) ' + 'X'.repeat(5000);
    const logLine = `[    0.1] kvm: disabled by bios ${'y'.repeat(1000)}\n`;
    hostileTree(tmp, huge, { 'var/log/kern.log': logLine });
    const r = await probeHost({ root: tmp, now: NOW });
    assert.ok(r.cpu.model, 'the model is reported');
    assert.ok(r.cpu.model.endsWith('…'));
    const fields = machineFields(r);
    assert.ok((r.virtualization.evidence ?? []).length > 0, 'the log line is evidence');
    for (const f of fields) assert.ok(Array.from(f).length <= MAX_MACHINE_TEXT, `${f.length}: ${f.slice(0, 40)}…`);
    // The verdict quotes the clipped model, not the 5000 characters.
    for (const h of [r.verdict.summary, ...r.verdict.hints]) assert.ok(!h.includes('X'.repeat(MAX_MACHINE_TEXT)), h);
  });

  it('machine text is quoted data in the advice, never a command or a code span', async () => {
    hostileTree(tmp, 'Intel `rm -rf /` [x](https://evil)');
    const r = await probeHost({ root: tmp, now: NOW, lang: 'en' });
    assert.equal(r.verdict.key, 'vmx-absent-unknown');
    const hint = r.verdict.hints.find((h) => h.includes('ark.intel.com'));
    assert.ok(hint, JSON.stringify(r.verdict.hints));
    assert.ok(hint.includes('“Intel ˋrm -rf /ˋ [x](https://evil)”'), hint);
    for (const text of [r.verdict.summary, ...r.verdict.hints]) {
      assert.equal((text.match(/`/g) ?? []).length % 2, 0, `balanced: ${text}`);
      for (const code of codeSpans(text)) assert.doesNotMatch(code, /rm -rf|evil/, text);
    }
  });

  it('a hypervisor name the extension does not know is quoted data; a known one is its own word', async () => {
    hostileTree(tmp, 'Intel CPU', {
      'proc/cpuinfo':
        'processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel CPU\nflags\t\t: fpu lm hypervisor\n',
      'sys/hypervisor/type': '`curl evil | sh`\n',
      'sys/class/dmi/id/sys_vendor': 'Nobody\n',
      'sys/class/dmi/id/product_name': 'Nothing\n',
    });
    const r = await probeHost({ root: tmp, now: NOW });
    assert.equal(r.verdict.key, 'not-exposed-to-guest');
    assert.match(r.verdict.summary, /\(“ˋcurl evil \| shˋ”\)/);
    assert.deepEqual(codeSpans(r.verdict.summary), []);
    const qemu = await probeHost({ root: path.join(FIXTURES, 'kvm-guest'), now: NOW });
    assert.ok(qemu.verdict.summary.includes('(QEMU (Bochs firmware))'), qemu.verdict.summary);
  });

  it('module directories that are not identifiers are not reported as modules', async () => {
    hostileTree(tmp, 'Intel CPU');
    mkdirSync(path.join(tmp, 'sys/module/kvm_`reboot`'), { recursive: true });
    mkdirSync(path.join(tmp, 'sys/module/kvm_intel'), { recursive: true });
    const r = await probeHost({ root: tmp, now: NOW });
    assert.deepEqual(r.kvm.modules, ['kvm_intel']);
  });

  it('a value that is not a checked identifier is never placed inside a command', () => {
    for (const module of [{ data: 'kvm_intel`; curl evil|sh; `' }, { ident: 'kvm_intel; reboot' }]) {
      const v = renderDecision(
        {
          code: 'kvm-not-loaded',
          key: 'kvm-not-loaded',
          params: { ext: { term: 'vmx' }, module },
          hints: [{ key: 'modprobe', params: { module } }],
        },
        'en',
      );
      const hint = v.hints[0] ?? '';
      assert.ok(codeSpans(hint).includes('sudo modprobe ?'), hint);
      for (const code of codeSpans(hint)) assert.doesNotMatch(code, /curl|reboot/, hint);
      assert.doesNotMatch(v.summary, /`/, 'the summary quotes it without a backtick');
    }
    const ok = renderDecision(
      {
        code: 'kvm-not-loaded',
        key: 'kvm-not-loaded',
        params: { ext: { term: 'vmx' }, module: { ident: 'kvm_intel' } },
        hints: [{ key: 'modprobe', params: { module: { ident: 'kvm_intel' } } }],
      },
      'en',
    );
    assert.ok(codeSpans(ok.hints[0] ?? '').includes('sudo modprobe kvm_intel'));
  });

  it('the text tables put only checked placeholders inside code spans', () => {
    const tables = { ...SUMMARIES, ...HINTS } as Record<string, { en: string; 'zh-cn': string }>;
    for (const [key, t] of Object.entries(tables)) {
      for (const text of [t.en, t['zh-cn']]) {
        for (const code of codeSpans(text)) {
          for (const m of code.matchAll(/\{(\w+)\}/g))
            assert.ok(CODE_PLACEHOLDERS.includes(m[1] ?? ''), `${key}: ${code}`);
        }
      }
    }
  });
});

describe('host check: which tree was probed', () => {
  it('probeTarget: absolute roots are trees, "/" is this machine, relative roots are refused', () => {
    assert.deepEqual(probeTarget(undefined), { kind: 'machine' });
    assert.deepEqual(probeTarget('/'), { kind: 'machine' });
    assert.deepEqual(probeTarget('/srv/bundle/../bundle2/'), { kind: 'tree', root: '/srv/bundle2' });
    for (const rel of ['', 'bundle', './bundle', '../x', 'test/fixtures/host/intel-vmx-host']) {
      assert.deepEqual(probeTarget(rel), { kind: 'refused', root: rel });
    }
  });

  it('a report of a copied tree names it; a report of this machine says null', async () => {
    const root = path.join(FIXTURES, 'intel-vmx-host');
    const tree = await probeHost({ root, now: NOW });
    assert.equal(tree.host.probedRoot, root);
    const mem = await probeHost({ root: root + '/', now: NOW });
    assert.equal(mem.host.probedRoot, root, 'normalised');
    if (process.platform === 'linux') {
      const here = await probeHost({ now: NOW });
      assert.equal(here.host.probedRoot, null);
    }
  });

  it('a relative root is refused, even one that exists from here: nothing is probed', async () => {
    const rel = path.relative(process.cwd(), path.join(FIXTURES, 'intel-vmx-host'));
    assert.ok(!path.isAbsolute(rel));
    for (const lang of ['en', 'zh-cn'] as const) {
      const r = await probeHost({ root: rel, now: NOW, lang });
      assert.equal(r.verdict.code, 'unknown');
      assert.equal(r.verdict.key, 'root-not-absolute');
      assert.equal(r.host.probedRoot, null);
      assert.equal(r.cpu.model, null, 'the tree was not read');
      assert.equal(r.kvm.device, null, 'nor this machine');
      assert.ok(r.verdict.summary.includes(`“${rel}”`), r.verdict.summary);
      assert.ok(r.verdict.hints.some((h) => h.includes('`virtkit.hostCheck.root`')));
      if (lang === 'zh-cn') assert.match(r.verdict.summary, /绝对路径/);
      else assert.match(r.verdict.summary, /not an absolute path/);
    }
  });

  it('the panel and the Markdown say plainly that a copied tree was probed, in both languages', async () => {
    const root = path.join(FIXTURES, 'amd-sev-host');
    const r = await probeHost({ root, now: NOW });
    for (const lang of ['en', 'zh-cn'] as const) {
      const view = buildHostView(r, kb, lang);
      assert.equal(view.probedRoot, root);
      assert.ok(view.banner?.includes(root), view.banner ?? 'no banner');
      assert.match(view.banner ?? '', lang === 'en' ? /Not this machine: .*copied tree/ : /这不是本机.*复制/);
      const md = hostViewToMarkdown(view);
      const banner = md.split('\n').find((l) => l.startsWith('> '));
      assert.ok(banner?.includes(escapeMarkdownText(root)), md);
      assert.ok(md.indexOf(banner ?? '') < md.indexOf('## '), 'the banner comes before the verdict and the tables');
      const html = createMarkdownRenderer().render(md);
      assert.ok(html.includes(root), 'the path reads as it is');
    }
    const own = buildHostView({ ...r, host: { ...r.host, probedRoot: null } }, kb, 'en');
    assert.equal(own.banner, null);
    assert.doesNotMatch(hostViewToMarkdown(own), /^> /m);
  });
});

describe('host check: Copy as Markdown with hostile machine text', () => {
  /** Two renderers: the extension's own, and a permissive one like GitHub's (raw HTML, autolinks). */
  const renderers = {
    virtkit: createMarkdownRenderer(),
    permissive: new MarkdownIt({ html: true, linkify: true }),
  };
  const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
  const codes = (html: string) => [...html.matchAll(/<code>([^<]*)<\/code>/g)].map((m) => m[1]);

  /** The same view with every machine-reported string replaced by `value`. */
  function poisoned(view: HostView, value: string): HostView {
    return {
      ...view,
      machine: value,
      machineLine: labelled(view.labels, view.labels.machine, value),
      probedRoot: value,
      banner: view.labels.copiedTree.replace('{root}', value),
      sections: view.sections.map((s) => ({
        ...s,
        rows: s.rows.map((row, i) => (i % 2 === 0 ? { ...row, value } : { ...row, label: value })),
      })),
      unreadable: [{ source: value, reason: value, line: labelled(view.labels, value, value) }],
    };
  }

  let tmp = '';
  let baseline: HostView;
  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-md-'));
    const r = await probeHost({ root: hostileTree(path.join(tmp, 'benign'), 'Intel Core'), now: NOW });
    baseline = poisoned(buildHostView(r, kb, 'en'), 'benign');
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const payload of PAYLOADS) {
    it(`renders ${JSON.stringify(payload)} as text only`, async () => {
      // Through the probe (CPU model in a hint, hostname, kernel, DMI) and straight into every field.
      const dir = path.join(tmp, String(PAYLOADS.indexOf(payload)));
      const r = await probeHost({ root: hostileTree(dir, payload), now: NOW });
      for (const view of [buildHostView(r, kb, 'en'), poisoned(buildHostView(r, kb, 'en'), payload)]) {
        const md = hostViewToMarkdown(view);
        for (const [name, renderer] of Object.entries(renderers)) {
          const html = renderer.render(md);
          const base = renderer.render(hostViewToMarkdown(baseline));
          const where = `${name}: ${html}`;
          assert.doesNotMatch(html, /<a[\s>]/, `no link (${where})`);
          assert.doesNotMatch(html, /<img|<script|<svg|<!--/, `no image, script or comment (${where})`);
          assert.equal(count(html, /<h1/g), 1, `one title, no machine heading (${where})`);
          assert.equal(count(html, /<h[2-6]/g), count(base, /<h[2-6]/g), `no extra heading (${where})`);
          assert.equal(count(html, /<tr/g), count(base, /<tr/g), `no extra table row (${where})`);
          assert.equal(count(html, /<td/g), count(base, /<td/g), `no table cell break (${where})`);
          assert.equal(
            count(html, /<(em|strong|s|del|blockquote)[\s>]/g),
            count(base, /<(em|strong|s|del|blockquote)[\s>]/g),
            where,
          );
          // Code elements are the verdict's own commands only.
          for (const c of codes(html))
            assert.doesNotMatch(c, /rm -rf|evil|img|Heading/, `code from the machine (${where})`);
          // Every tag is one the report itself writes.
          for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
            assert.match(
              tag,
              /^<(h1|h2|p|strong|ul|li|table|thead|tbody|tr|th|td|code|blockquote|br)( style="[^"]*")?\s*\/?>$/,
              `${tag} (${where})`,
            );
          }
        }
      }
    });
  }

  it('the payloads still read as what they are', async () => {
    const view = poisoned(baseline, '[click](https://evil) <img src=x> `rm -rf /`');
    const html = createMarkdownRenderer().render(hostViewToMarkdown(view));
    assert.ok(html.includes('[click](https://evil) &lt;img src=x&gt; `rm -rf /`'), html.slice(0, 400));
  });

  it('webview page builds its DOM with textContent only', () => {
    const page = readFileSync(path.resolve(__dirname, '../../media/src/host.ts'), 'utf8');
    assert.doesNotMatch(page, /innerHTML|outerHTML|insertAdjacentHTML|document\.write|DOMParser/);
    assert.match(page, /textContent/);
  });
});
