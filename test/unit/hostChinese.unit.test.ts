// A Chinese host report is Chinese throughout: the reasons a file or command could not be read,
// the labels and the way they meet their values. Renders reports full of failures (unreadable,
// missing, malformed files; commands that time out, exit non-zero or are missing; a probe that
// throws) in zh-cn, as the panel's view model and as the Markdown copy, and looks for English.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { darwinReport } from '../../src/core/host/darwinProbe';
import { createNodeHostFs, type FsResult, type HostFs, type TextRead } from '../../src/core/host/hostFs';
import { probeHost } from '../../src/core/host/probe';
import { REASON_CODES, REASON_TEXT, reasonText, type Reason } from '../../src/core/host/reasons';
import { failedProbeReport } from '../../src/core/host/reportBase';
import type { HostReport } from '../../src/core/host/types';
import { windowsReport } from '../../src/core/host/windowsProbe';
import { HOST_LABELS } from '../../src/core/hostView/hostLabels';
import { buildHostView, hostViewToMarkdown, type HostView } from '../../src/core/hostView/hostView';

const kb = new KnowledgeBase(loadContent());
const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const EMPTY_DIRS = JSON.parse(readFileSync(path.join(FIXTURES, 'empty-dirs.json'), 'utf8')) as Record<string, string[]>;
const NOW = new Date('2025-01-01T00:00:00Z');

function fixture(name: string): string {
  const root = path.join(FIXTURES, name);
  for (const d of EMPTY_DIRS[name] ?? []) mkdirSync(path.join(root, d), { recursive: true });
  return root;
}

/** Text the tools and the machine wrote: shown as it came, so it may be English. */
const TOOL_OUTPUT = ["sysctl: unknown oid 'kern.hv_support'", 'EBADF: bad file descriptor', 'EBUSY', 'maybe'];

/** A fixture root seen through a file system that fails in every way the probe reports. */
function failingFs(base: HostFs): HostFs {
  const fail = (reason: Reason) => ({ ok: false, reason }) as const;
  const text = (t: string): FsResult<TextRead> => ({ ok: true, value: { text: t, truncated: false } });
  const read: Record<string, FsResult<TextRead>> = {
    '/proc/cpuinfo': fail({ code: 'permission-denied' }),
    '/proc/sys/kernel/hostname': text('node\u0001x'),
    '/proc/sys/kernel/osrelease': text(''),
    '/sys/module/kvm_intel/parameters/nested': text('maybe'),
    '/sys/module/kvm_amd/parameters/nested': fail({ code: 'io-error' }),
    '/sys/class/dmi/id/sys_vendor': fail({ code: 'os-error', detail: 'EBUSY' }),
    '/sys/class/dmi/id/product_name': fail({ code: 'would-block' }),
    '/var/log/kern.log': fail({ code: 'is-directory' }),
  };
  return {
    readText: (p, max, o) => (read[p] ? Promise.resolve(read[p]) : base.readText(p, max, o)),
    exists: (p) => (p === '/dev/kvm' ? Promise.resolve(fail({ code: 'not-a-file' })) : base.exists(p)),
    access: (p, mode) => base.access(p, mode),
    readLink: (p) => base.readLink(p),
    list: (p) => (p === '/sys/class/iommu' ? Promise.resolve(fail({ code: 'symlink-loop' })) : base.list(p)),
  };
}

/** Every report the test renders: Linux with failing files, macOS, Windows and a probe that threw. */
async function failingReports(): Promise<HostReport[]> {
  const linux = await probeHost({
    fs: failingFs(createNodeHostFs(fixture('intel-vmx-host'))),
    lang: 'zh-cn',
    now: NOW,
  });
  const mac = darwinReport(
    {
      'kern.hv_support': { ok: false, reason: { code: 'exit', n: 1, detail: TOOL_OUTPUT[0] } },
      'machdep.cpu.brand_string': { ok: false, reason: { code: 'timeout', n: 10 } },
      'machdep.cpu.vendor': { ok: false, reason: { code: 'command-not-found' } },
      'machdep.cpu.features': { ok: false, reason: { code: 'output-too-large' } },
    },
    { lang: 'zh-cn', now: NOW },
  );
  const windows = [
    windowsReport({ ok: false, reason: { code: 'timeout', n: 10 } }, { lang: 'zh-cn', now: NOW }),
    windowsReport({ ok: true, stdout: '' }, { lang: 'zh-cn', now: NOW }),
    windowsReport({ ok: true, stdout: 'not json' }, { lang: 'zh-cn', now: NOW }),
    windowsReport({ ok: true, stdout: '{}' }, { lang: 'zh-cn', now: NOW }),
    windowsReport({ ok: false, reason: { code: 'failed', detail: 'Access is denied.' } }, { lang: 'zh-cn', now: NOW }),
  ];
  const threw = failedProbeReport('linux', 'x64', { code: 'exception', detail: TOOL_OUTPUT[1] }, 'zh-cn', NOW);
  return [linux, mac, ...windows, threw];
}

/**
 * Everything the panel shows of its own, as text. A row's meaning is left out: it is the
 * knowledge base's definition, whose Chinese the content tests check (and which names
 * things like "VM exit" as Chinese writers do).
 */
function viewTexts(view: HostView): string[] {
  return [
    view.machineLine,
    view.probedAtLine,
    view.verdict.summary,
    ...view.verdict.hints,
    ...view.sections.flatMap((s) => [s.title, ...s.rows.flatMap((r) => [r.label, r.value, r.sourceLine ?? ''])]),
    ...view.unreadable.map((u) => u.line),
  ];
}

/**
 * English words: the words of the English labels and reasons, less those the Chinese ones use
 * too (names such as KVM, IOMMU, JSON, hypervisor, which Chinese writes in Latin letters).
 */
function englishWords(): Set<string> {
  const words = (texts: string[]) =>
    new Set(
      texts.flatMap(
        (t) =>
          t
            .replace(/\{\w+\}/g, ' ')
            .toLowerCase()
            .match(/[a-z]{2,}/g) ?? [],
      ),
    );
  const strings = (o: unknown): string[] =>
    typeof o === 'string' ? [o] : typeof o === 'object' && o !== null ? Object.values(o).flatMap(strings) : [];
  const en = words([...strings(HOST_LABELS.en), ...Object.values(REASON_TEXT).map((t) => t.en)]);
  const zh = words([...strings(HOST_LABELS['zh-cn']), ...Object.values(REASON_TEXT).map((t) => t['zh-cn'])]);
  return new Set([...en].filter((w) => !zh.has(w)));
}

/**
 * The English in a Chinese text, outside identifiers, paths and tool output: a word of the
 * English labels or reasons, or two lower-case Latin words in a row ("timed out").
 */
function englishIn(text: string, english: Set<string>, machine: readonly string[]): string[] {
  // The Markdown copy escapes punctuation (\/proc\/cpuinfo): read it as the text it shows.
  let t = text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  for (const m of [...TOOL_OUTPUT, ...machine].filter(Boolean).sort((a, b) => b.length - a.length))
    t = t.split(m).join(' ');
  t = t
    .replace(/`[^`]*`/g, ' ') // commands
    .replace(/“[^”]*”/g, ' ') // quoted machine text
    .replace(/(?:^|\s|（)\/\S*/g, ' ') // paths
    .replace(/\b\w*[\d_]\w*\b/g, ' '); // identifiers: kvm_intel, x64, 5.14
  // Words in capitals are names (VM, CPU, KVM), as Chinese writes them.
  const found = (t.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => w !== w.toUpperCase() && english.has(w.toLowerCase()));
  for (const m of t.matchAll(/\b[a-z]{2,} [a-z]{2,}\b/g)) found.push(m[0]);
  return found;
}

/** What the machine itself reported in a report (shown as is, in any language). */
function machineStrings(r: HostReport): string[] {
  return [
    r.host.hostname ?? '',
    r.host.kernel ?? '',
    r.host.platform,
    r.host.arch,
    r.cpu.model ?? '',
    r.cpu.vendorId ?? '',
    r.guest.hypervisor ?? '',
    ...r.virtualization.features.flatMap((f) => [f.id, f.source]),
    ...r.unreadable.map((u) => u.source),
    ...r.unreadable.map((u) => u.reasonDetail ?? ''),
  ];
}

describe('host check in Chinese: no English outside identifiers, paths and tool output', () => {
  const english = englishWords();
  let reports: HostReport[] = [];
  before(async () => {
    reports = await failingReports();
  });

  it('knows the English it looks for', () => {
    for (const w of ['permission', 'denied', 'missing', 'command', 'found', 'timed', 'exit', 'source', 'machine'])
      assert.ok(english.has(w), w);
    for (const w of ['kvm', 'iommu', 'json', 'markdown']) assert.ok(!english.has(w), `${w} is a name, not English`);
  });

  it('has a Chinese text for every reason, with its number and the tool’s text', () => {
    for (const code of REASON_CODES) {
      const zh = REASON_TEXT[code]['zh-cn'];
      if (zh !== '{detail}') assert.match(zh, /\p{Script=Han}/u, code);
      const r: Reason = { code, n: 7, detail: 'x y' };
      assert.ok(reasonText('zh-cn', r).includes('x y'), `${code}: the tool's text is kept`);
      if (REASON_TEXT[code].en.includes('{n}')) assert.ok(reasonText('zh-cn', r).includes('7'), code);
    }
    assert.equal(reasonText('zh-cn', { code: 'exit', n: 3, detail: 'bad thing' }), '退出码 3：bad thing');
    assert.equal(reasonText('en', { code: 'exit', n: 3, detail: 'bad thing' }), 'exit code 3: bad thing');
  });

  it('fails in every way it means to, and keeps the English reason and its code in the JSON', () => {
    const codes = new Set(reports.flatMap((r) => r.unreadable.map((u) => u.reasonCode)));
    for (const c of [
      'permission-denied',
      'missing',
      'empty',
      'unexpected-content',
      'io-error',
      'os-error',
      'is-directory',
      'would-block',
      'symlink-loop',
      'not-a-file',
      'exit',
      'timeout',
      'command-not-found',
      'output-too-large',
      'empty-output',
      'not-json',
      'no-processor-data',
      'failed',
      'exception',
    ])
      assert.ok(codes.has(c as Reason['code']), `no report fails with ${c}`);
    const linux = reports[0];
    assert.ok(linux.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason === 'permission denied'));
    assert.equal(linux.verdict.key, 'cpuinfo-unreadable');
    assert.match(linux.verdict.summary, /无法读取 \/proc\/cpuinfo（权限不足）/);
  });

  it('renders the panel and the Markdown copy in Chinese only', () => {
    const problems: string[] = [];
    for (const r of reports) {
      const view = buildHostView(r, kb, 'zh-cn');
      const machine = machineStrings(r);
      for (const t of [...viewTexts(view), hostViewToMarkdown(view)])
        for (const w of englishIn(t, english, machine))
          problems.push(`${r.host.platform}: "${w}" in "${t.slice(0, 80)}"`);
    }
    assert.deepEqual(problems, []);
  });

  it('would notice English: the same reports rendered in English are full of it', () => {
    const found = reports.flatMap((r) =>
      viewTexts(buildHostView(r, kb, 'en')).flatMap((t) => englishIn(t, english, machineStrings(r))),
    );
    assert.ok(found.length > 50, `only ${found.length} English words found in the English views`);
    // And a report written before reasons had codes keeps its words rather than losing them.
    const old = { ...reports[0], unreadable: [{ source: '/proc/cpuinfo', reason: 'permission denied' }] };
    assert.deepEqual(
      buildHostView(old, kb, 'zh-cn').unreadable.map((u) => u.line),
      ['/proc/cpuinfo：permission denied'],
    );
  });

  it('joins labels and values with Chinese punctuation', () => {
    const r = { ...reports[0], host: { ...reports[0].host, remoteName: 'ssh-remote' } };
    const view = buildHostView(r, kb, 'zh-cn');
    assert.match(view.machineLine, /^机器：.*（远程：ssh-remote）/);
    assert.match(view.probedAtLine, /^检查时间：/);
    const threw = buildHostView(reports[reports.length - 1], kb, 'zh-cn');
    assert.deepEqual(
      threw.unreadable.map((u) => u.line),
      ['主机检查：EBADF: bad file descriptor'],
    );
  });
});
