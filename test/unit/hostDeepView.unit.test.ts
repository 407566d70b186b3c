// The deeper host-check sections as the panel and "Copy as Markdown" show them: order,
// advice, both languages, hostile pci.ids names escaped, and a <hostdev> that the real
// virt-xml-validate accepts.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { probeHost } from '../../src/core/host/probe';
import { HOST_DEEP_LABELS } from '../../src/core/hostView/hostDeepLabels';
import { buildDeepView, hostdevXml } from '../../src/core/hostView/hostDeepView';
import { buildHostView, hostViewToMarkdown } from '../../src/core/hostView/hostView';
import { createMarkdownRenderer } from '../../src/core/markdown/markdownRenderer';
import { parsePageToHost } from '../../src/features/hostCheck/hostProtocol';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const EMPTY_DIRS = JSON.parse(readFileSync(path.join(FIXTURES, 'empty-dirs.json'), 'utf8')) as Record<string, string[]>;
const NOW = new Date('2025-01-01T00:00:00Z');
const kb = new KnowledgeBase(loadContent());

function fixture(name: string): string {
  const root = path.join(FIXTURES, name);
  for (const d of EMPTY_DIRS[name] ?? []) mkdirSync(path.join(root, d), { recursive: true });
  return root;
}

describe('host check: the deeper sections in the panel and the Markdown', () => {
  it('Intel host: GPU and NIC groups first, shared-group notes, the join hint for libvirt only', async () => {
    const r = await probeHost({
      root: fixture('passthrough-intel'),
      now: NOW,
      user: { name: 'alice', groupIds: [993] },
    });
    const v = buildDeepView(r, 'en');
    assert.deepEqual(
      v.sections.map((s) => s.id),
      ['passthrough', 'memory', 'nestedSetup', 'access', 'stack'],
    );
    assert.deepEqual(
      v.passthrough?.groups.map((g) => g.id),
      [1, 13, 14, 15, 0, 2, 3],
    );
    const g1 = v.passthrough?.groups[0];
    assert.equal(g1?.viable, 'yes');
    const gpu = g1?.devices.find((d) => d.address === '0000:01:00.0');
    assert.equal(gpu?.name, 'NVIDIA Corporation TU116 [GeForce GTX 1660] [10de:2184]');
    assert.equal(gpu?.classText, '[0300] VGA compatible controller');
    assert.match(gpu?.sharedNote ?? '', /Shares group 1 with 4 other devices/);
    assert.equal(v.passthrough?.groups.find((g) => g.id === 15)?.devices[0]?.sharedNote, null);
    assert.match(v.passthrough?.groups.find((g) => g.id === 0)?.viableText ?? '', /0000:00:00\.0 use a host driver/);
    assert.ok(gpu?.search.includes('vfio-pci') && gpu.search.includes('10de:2184'));
    const access = v.sections.find((s) => s.id === 'access');
    assert.deepEqual(access?.hints, ['Join the groups: `sudo usermod -aG libvirt $USER`, then log out and in again.']);
    // 1 GiB pages are reserved here: no hint; nesting is persistent: no hint.
    assert.deepEqual(v.sections.find((s) => s.id === 'memory')?.hints, []);
    assert.deepEqual(v.sections.find((s) => s.id === 'nestedSetup')?.hints, []);
    const sriov = v.sections[0]?.rows.find((row) => row.label.endsWith('0000:05:00.1'));
    assert.equal(sriov?.value, '2 of 7 virtual functions enabled: 0000:05:10.1, 0000:05:10.5');
  });

  it('AMD host: iommu=pt explained, 1 GiB hint, nested line for kvm_amd, log in again', async () => {
    const r = await probeHost({
      root: fixture('passthrough-amd-switch'),
      now: NOW,
      user: { name: 'bob', groupIds: [974] },
    });
    for (const lang of ['en', 'zh-cn'] as const) {
      const v = buildDeepView(r, lang);
      const L = HOST_DEEP_LABELS[lang];
      const hints = v.sections.flatMap((s) => s.hints);
      assert.ok(hints.includes(L.passthroughModeHint));
      assert.ok(hints.includes(L.hugeHint1g));
      assert.ok(hints.includes(L.reloginHint));
      assert.ok(hints.some((h) => h.includes('`options kvm_amd nested=1`') && h.includes('sudo modprobe -r kvm_amd')));
      assert.equal(v.passthrough?.groups[0]?.devices[0]?.name, '[1022:43d0]');
    }
  });

  it('IOMMU off: the reason and its fix; no nested section where KVM cannot run', async () => {
    const r = await probeHost({ root: fixture('iommu-off-intel'), now: NOW });
    const v = buildDeepView(r, 'zh-cn');
    const p = v.sections.find((s) => s.id === 'passthrough');
    assert.ok(p?.rows.some((row) => row.value === HOST_DEEP_LABELS['zh-cn'].offReasons['not-in-cmdline']));
    assert.deepEqual(p?.hints, [HOST_DEEP_LABELS['zh-cn'].offHints['not-in-cmdline']]);
    assert.equal(v.passthrough, null);
    const old = await probeHost({ root: fixture('intel-old-kernel'), now: NOW });
    assert.ok(!buildDeepView(old, 'en').sections.some((s) => s.id === 'nestedSetup'), 'kvm_intel not loaded');
  });

  it('every label in both languages, with the same placeholders and commands', () => {
    const walk = (en: unknown, zh: unknown, where: string): void => {
      if (typeof en === 'string') {
        assert.equal(typeof zh, 'string', where);
        assert.ok((zh as string).length > 0, where);
        const marks = (s: string) => [...(s.match(/\{\w+\}|`[^`]*`/g) ?? [])].sort();
        assert.deepEqual(marks(zh as string), marks(en), where);
        return;
      }
      for (const k of Object.keys(en as object)) walk((en as never)[k], (zh as never)[k], `${where}.${k}`);
    };
    walk(HOST_DEEP_LABELS.en, HOST_DEEP_LABELS['zh-cn'], 'labels');
    assert.notEqual(HOST_DEEP_LABELS.en.sections.memory, HOST_DEEP_LABELS['zh-cn'].sections.memory);
  });

  it('hostile pci.ids names and drivers are text in the Markdown', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-deepmd-'));
    try {
      cpSync(fixture('passthrough-intel'), tmp, { recursive: true, verbatimSymlinks: true });
      const ids = path.join(tmp, 'usr/share/misc/pci.ids');
      writeFileSync(
        ids,
        readFileSync(ids, 'utf8')
          .replace('NVIDIA Corporation', '[click](https://evil) | x | <img src=x onerror=alert(1)>')
          .replace('TU116 [GeForce GTX 1660]', '`rm -rf /` ![i](https://evil/i.png) # H'),
      );
      const r = await probeHost({ root: tmp, now: NOW });
      const md = hostViewToMarkdown(buildHostView(r, kb, 'en'));
      for (const renderer of [createMarkdownRenderer(), new MarkdownIt({ html: true, linkify: true })]) {
        const html = renderer.render(md);
        assert.doesNotMatch(html, /<a[\s>]|<img/, html.slice(0, 300));
        for (const c of html.matchAll(/<code>([^<]*)<\/code>/g)) assert.doesNotMatch(c[1] ?? '', /rm -rf|evil/);
        // The device tables keep five cells a row.
        for (const row of html.match(/<tr>[\s\S]*?<\/tr>/g) ?? []) {
          const cells = (row.match(/<t[dh][\s>]/g) ?? []).length;
          assert.ok(cells === 2 || cells === 5, row);
        }
        assert.ok(html.includes('[click](https://evil) | x | &lt;img src=x onerror=alert(1)&gt;'));
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the page may only ask for the <hostdev> of a PCI address', () => {
    assert.deepEqual(parsePageToHost({ type: 'copyHostdev', address: '0000:01:00.0' }), {
      type: 'copyHostdev',
      address: '0000:01:00.0',
    });
    for (const address of ['0000:01:00.8', "0000:01:00.0'/>", 'x', 1, undefined]) {
      assert.equal(parsePageToHost({ type: 'copyHostdev', address }), undefined, String(address));
    }
    assert.equal(hostdevXml('1c0000.iommu'), null);
  });

  describe('<hostdev> against the real virt-xml-validate', () => {
    const tool = '/usr/bin/virt-xml-validate';
    let tmp = '';
    before(function () {
      if (!existsSync(tool)) this.skip();
      tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-hostdev-'));
    });
    after(() => tmp && rmSync(tmp, { recursive: true, force: true }));

    const validate = (hostdev: string): boolean => {
      const file = path.join(tmp, 'domain.xml');
      writeFileSync(
        file,
        `<domain type='kvm'>\n  <name>t</name>\n  <memory unit='MiB'>512</memory>\n  <os>\n    <type arch='x86_64' machine='q35'>hvm</type>\n  </os>\n  <devices>\n${hostdev}\n  </devices>\n</domain>\n`,
      );
      try {
        execFileSync(tool, [file, 'domain'], { stdio: 'pipe', timeout: 20_000 });
        return true;
      } catch {
        return false;
      }
    };

    it('validates for every device of the fixtures, and the tool can say no', function () {
      this.timeout(60_000);
      for (const address of ['0000:01:00.0', '0000:05:10.5', 'ffff:ff:1f.7']) {
        const xml = hostdevXml(address);
        assert.ok(xml?.includes("managed='yes'"));
        assert.ok(validate(xml ?? ''), xml ?? '');
      }
      // The same element with a function number out of range is refused: the check can fail.
      assert.equal(validate((hostdevXml('0000:01:00.0') ?? '').replace("function='0x0'", "function='0x9'")), false);
    });
  });
});
