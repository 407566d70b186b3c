// The virtualization stack section: fixture roots (a Debian host with the tools, a Fedora host
// without them), the parsers, and this machine, whose tools are run here to compare.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { createNodeHostFs } from '../../src/core/host/hostFs';
import { probeHost } from '../../src/core/host/probe';
import { STACK_PACKAGES, distroFamily } from '../../src/core/host/stackPackages';
import {
  parseFirmwareDescriptor,
  parseOsRelease,
  parseToolVersion,
  probeStack,
  searchDirsFromPath,
} from '../../src/core/host/stackProbe';
import { connectSocket, toolVersion } from '../../src/core/host/stackRuntime';
import type { StackTool } from '../../src/core/host/types';
import { buildHostView, hostViewToMarkdown } from '../../src/core/hostView/hostView';

const kb = new KnowledgeBase(loadContent());

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const NOW = new Date('2025-01-01T00:00:00Z');

describe('host check: the virtualization stack', () => {
  it('parses the version out of what each tool prints', () => {
    assert.equal(
      parseToolVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022'),
      '7.2.22',
    );
    assert.equal(parseToolVersion('qemu-img version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1)'), '8.2.2');
    assert.equal(parseToolVersion('9.0.0\n'), '9.0.0');
    assert.equal(parseToolVersion('libvirtd (libvirt) 10.0.0'), '10.0.0');
    assert.equal(parseToolVersion('TPM emulator version 0.7.1, Copyright (c) 2014-2021 IBM Corp.'), '0.7.1');
    assert.equal(parseToolVersion('virtiofsd 1.10.1'), '1.10.1');
    assert.equal(parseToolVersion('usage: tool [options]'), null);
    assert.equal(parseToolVersion(''), null);
  });

  it('reads os-release and maps ID / ID_LIKE to a family', () => {
    const r = parseOsRelease('ID=ubuntu\nID_LIKE=debian\nPRETTY_NAME="Ubuntu 24.04 LTS"\n# comment\nBAD LINE\n');
    assert.deepEqual(r, { ID: 'ubuntu', ID_LIKE: 'debian', PRETTY_NAME: 'Ubuntu 24.04 LTS' });
    assert.equal(distroFamily('ubuntu', ['debian']), 'debian');
    assert.equal(distroFamily('rocky', ['rhel', 'centos', 'fedora']), 'fedora');
    assert.equal(distroFamily('manjaro', ['arch']), 'arch');
    assert.equal(distroFamily('opensuse-tumbleweed', ['suse', 'opensuse']), 'suse');
    assert.equal(distroFamily('somethingelse', ['unknown']), null);
    assert.equal(distroFamily(null, []), null);
  });

  it('every family names a package for every tool, and says where it was checked', () => {
    for (const [family, table] of Object.entries(STACK_PACKAGES)) {
      for (const [tool, p] of Object.entries(table)) {
        assert.ok(p.names.length > 0 && p.names.every((n) => /^[a-z0-9][a-z0-9.+_-]*$/.test(n)), `${family} ${tool}`);
        assert.ok(p.checked.length > 0, `${family} ${tool}`);
      }
    }
  });

  it('keeps only absolute PATH entries, then the usual directories', () => {
    const dirs = searchDirsFromPath('relative/bin:/opt/qemu/bin/:.::/usr/bin');
    assert.equal(dirs[0], '/opt/qemu/bin');
    assert.ok(!dirs.some((d) => !d.startsWith('/')));
    assert.ok(dirs.includes('/usr/sbin'));
    assert.equal(dirs.filter((d) => d === '/usr/bin').length, 1);
  });

  it('parses a firmware descriptor; a broken one is refused', () => {
    const d = parseFirmwareDescriptor(
      'x.json',
      JSON.stringify({
        description: 'kernel firmware',
        'interface-types': ['bios'],
        mapping: { device: 'memory', filename: '/usr/share/seabios/bios.bin' },
        targets: [{ architecture: 'i386' }, { architecture: 'x86_64' }],
        features: [],
      }),
    );
    assert.equal(d.executable, '/usr/share/seabios/bios.bin');
    assert.equal(d.nvram, null);
    assert.deepEqual(d.architectures, ['i386', 'x86_64']);
    assert.throws(() => parseFirmwareDescriptor('y.json', '[1,2]'));
    assert.throws(() => parseFirmwareDescriptor('z.json', '{'));
  });

  it('a Debian root: the tools found, nothing of this machine run, firmware from the descriptors', async () => {
    const r = await probeHost({ root: path.join(FIXTURES, 'stack-debian'), now: NOW });
    const s = r.stack;
    assert.ok(s);
    assert.equal(s.os.family, 'debian');
    assert.equal(s.os.id, 'debian');
    assert.equal(s.versions, 'not-run');
    const byName = new Map(s.tools.map((t) => [t.name, t]));
    assert.deepEqual(
      s.tools.map((t) => t.name),
      ['qemu-system-aarch64', 'qemu-system-x86_64', 'qemu-img', 'virsh', 'libvirtd', 'swtpm', 'virtiofsd'],
      'the non-executable qemu-system-riscv64 is not a tool',
    );
    assert.equal(byName.get('qemu-system-x86_64')?.path, '/usr/bin/qemu-system-x86_64');
    assert.equal(byName.get('qemu-system-x86_64')?.arch, 'x86_64');
    assert.equal(byName.get('libvirtd')?.path, '/usr/sbin/libvirtd');
    assert.equal(byName.get('virtiofsd')?.path, '/usr/lib/qemu/virtiofsd');
    for (const t of s.tools) {
      assert.equal(t.version, 'unknown', `${t.name}: a copied tree's programs are never run`);
      assert.equal(t.package, null);
    }
    assert.deepEqual(
      s.sockets.map((x) => [x.path, x.state]),
      [
        ['/var/run/libvirt/libvirt-sock', 'not-checked'],
        ['/var/run/libvirt/virtqemud-sock', 'absent'],
      ],
    );
    // The /etc copy (empty) masks 40-edk2-x86_64-secure-enrolled.json.
    assert.deepEqual(
      s.firmware.map((f) => path.posix.basename(f.file)),
      ['50-edk2-x86_64-secure.json', '60-edk2-aarch64.json', '60-edk2-x86_64.json'],
    );
    const secure = s.firmware[0];
    assert.ok(secure?.features.includes('secure-boot'));
    assert.deepEqual(secure?.executable, { path: '/usr/share/OVMF/OVMF_CODE_4M.secboot.fd', exists: true });
    assert.deepEqual(secure?.nvramTemplate, { path: '/usr/share/OVMF/OVMF_VARS_4M.fd', exists: true });
    assert.deepEqual(s.firmware[1]?.executable, { path: '/usr/share/AAVMF/AAVMF_CODE.fd', exists: false });
    assert.deepEqual(s.uefi, [
      { arch: 'aarch64', present: false, package: ['qemu-efi-aarch64'] },
      { arch: 'x86_64', present: true, package: null },
    ]);
    assert.deepEqual(
      r.unreadable.filter((u) => /firmware|os-release/.test(u.source)),
      [],
    );

    const md = hostViewToMarkdown(buildHostView(r, kb, 'en'));
    assert.match(md, /## Virtualization tools/);
    assert.match(md, /qemu\\-system\\-x86\\_64/);
    const zh = hostViewToMarkdown(buildHostView(r, kb, 'zh-cn'));
    assert.match(zh, /## 虚拟化工具/);
    // Chinese words take Chinese parentheses and colons, also next to a path or a file name.
    const zhRows = buildHostView(r, kb, 'zh-cn').deep.sections.find((x) => x.id === 'stack')?.rows ?? [];
    assert.ok(zhRows.some((row) => row.value.includes('（存在）')));
    const ascii = /\p{Script=Han}\\?[(:]|\\?\(\p{Script=Han}|\p{Script=Han}\\?\)/u;
    for (const row of zhRows) assert.doesNotMatch(`${row.label} ${row.value}`, ascii, row.label);
    assert.doesNotMatch(zh.split('## 虚拟化工具')[1] ?? '', ascii);
  });

  it('a Fedora root without the tools: each missing one with its Fedora package', async () => {
    const r = await probeHost({ root: path.join(FIXTURES, 'stack-fedora-missing'), now: NOW });
    const s = r.stack;
    assert.ok(s);
    assert.equal(s.os.family, 'fedora');
    assert.equal(s.os.prettyName, 'Fedora Linux 39 (Workstation Edition)');
    const missing = Object.fromEntries(s.tools.map((t) => [t.name, t.package?.join(' ')]));
    const F = STACK_PACKAGES.fedora;
    assert.deepEqual(missing, {
      'qemu-system-x86_64': F['qemu-system-x86_64'].names.join(' '),
      'qemu-img': F['qemu-img'].names.join(' '),
      virsh: F.virsh.names.join(' '),
      libvirtd: F.libvirtd.names.join(' '),
      swtpm: F.swtpm.names.join(' '),
      virtiofsd: F.virtiofsd.names.join(' '),
    });
    assert.ok(s.tools.every((t) => t.path === null && t.version === null));
    assert.deepEqual(s.uefi, [{ arch: 'x86_64', present: false, package: F.ovmf.names }]);
    const view = buildHostView(r, kb, 'en');
    const stack = view.deep.sections.find((x) => x.id === 'stack');
    assert.ok(stack);
    assert.ok(stack.hints.some((h) => h.includes('sudo dnf install') && h.includes(F.virsh.names[0] as string)));
  });

  it('a root without os-release: missing tools have no package, and say so', async () => {
    const r = await probeHost({ root: path.join(FIXTURES, 'intel-vmx-host'), now: NOW });
    assert.equal(r.stack?.os.family, null);
    assert.ok(r.stack?.tools.every((t) => t.package === null));
    const stack = buildHostView(r, kb, 'en').deep.sections.find((x) => x.id === 'stack');
    assert.ok(stack?.hints.some((h) => /distribution/.test(h)));
  });

  it('broken descriptors and an unreadable directory are reported, never thrown', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-stack-'));
    try {
      mkdirSync(path.join(tmp, 'usr/share/qemu/firmware'), { recursive: true });
      writeFileSync(path.join(tmp, 'usr/share/qemu/firmware/10-bad.json'), '{ not json');
      writeFileSync(path.join(tmp, 'usr/share/qemu/firmware/20-array.json'), '[]');
      const unreadable: { source: string; reason: string }[] = [];
      const s = await probeStack(
        createNodeHostFs(tmp),
        { searchDirs: ['/usr/bin'], runtimeDir: null },
        Promise.resolve('x64'),
        unreadable,
      );
      assert.deepEqual(s.firmware, []);
      assert.deepEqual(
        unreadable.map((u) => u.source),
        ['/usr/share/qemu/firmware/10-bad.json', '/usr/share/qemu/firmware/20-array.json'],
      );
      assert.deepEqual(s.uefi, [{ arch: 'x86_64', present: false, package: null }]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('hostile text in a descriptor and os-release is one short line in the report', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-stack-'));
    try {
      mkdirSync(path.join(tmp, 'usr/share/qemu/firmware'), { recursive: true });
      mkdirSync(path.join(tmp, 'etc'), { recursive: true });
      writeFileSync(
        path.join(tmp, 'etc/os-release'),
        `ID=fedora\nPRETTY_NAME="${'x'.repeat(150)}\u202e${'y'.repeat(150)}"\n`,
      );
      writeFileSync(
        path.join(tmp, 'usr/share/qemu/firmware/10-evil.json'),
        JSON.stringify({
          description: 'line one\nline two ' + 'z'.repeat(5000),
          'interface-types': ['uefi'],
          mapping: { device: 'flash', executable: { filename: '/a\u0007b/' + 'c'.repeat(900) } },
          targets: [{ architecture: 'x86_64' }],
          features: ['secure-boot\u0000', 42],
        }),
      );
      const r = await probeHost({ root: tmp, now: NOW });
      const f = r.stack?.firmware[0];
      assert.ok(f);
      assert.ok((f.description ?? '').length <= 200 && !f.description?.includes('\n'));
      assert.ok((f.executable?.path ?? '').length <= 200 && !f.executable?.path.includes('\u0007'));
      assert.deepEqual(f.features, ['secure-boot']);
      assert.ok((r.stack?.os.prettyName ?? '').length <= 200);
      assert.ok(!r.stack?.os.prettyName?.includes('\u202e'));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('the socket check: answers, absent', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-sock-'));
    const live = path.join(tmp, 'live-sock');
    const server = net.createServer((c) => c.end());
    await new Promise<void>((resolve) => server.listen(live, resolve));
    try {
      assert.equal(await connectSocket(live), 'answers');
      assert.equal(await connectSocket(path.join(tmp, 'none')), 'absent');
    } finally {
      server.close();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  describe('this machine', () => {
    const tools = ['qemu-system-x86_64', 'qemu-system-aarch64', 'qemu-img', 'virsh', 'libvirtd', 'swtpm'];

    /** What the tool itself prints, found the way a shell would, at test time. */
    function printed(file: string): string {
      try {
        return execFileSync(file, ['--version'], {
          encoding: 'utf8',
          env: { ...process.env, LC_ALL: 'C' },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
      } catch (e) {
        return String((e as { stdout?: string }).stdout ?? '');
      }
    }

    it('reports each installed tool with the version the tool prints', async function () {
      this.timeout(30_000);
      const r = await probeHost({ lang: 'en' });
      if (process.platform !== 'linux') this.skip();
      const s = r.stack;
      assert.ok(s);
      assert.equal(s.versions, 'run');
      let compared = 0;
      for (const name of tools) {
        const t: StackTool | undefined = s.tools.find((x) => x.name === name);
        const dir = searchDirsFromPath(process.env.PATH).find((d) => existsSync(path.join(d, name)));
        if (!dir) {
          assert.ok(!t || t.path === null, `${name} is not installed, yet reported at ${t?.path}`);
          continue;
        }
        assert.ok(t?.path, `${name} is installed in ${dir} but not reported`);
        const text = printed(t.path);
        // The number as the tool prints it, found in its own first lines.
        const m = /(\d+\.\d+(?:\.\d+)*)/.exec(text);
        assert.ok(m, `${name} printed no version: ${text}`);
        assert.equal(t.version, m[1], `${name}: reported ${t.version}, the tool says ${text.split('\n')[0]}`);
        compared++;
      }
      console.log(`      compared ${compared} tool versions with their own --version`);
      // The section as the panel shows it, as a record of what this machine had.
      for (const lang of ['en', 'zh-cn'] as const) {
        const section = buildHostView(r, kb, lang).deep.sections.find((x) => x.id === 'stack');
        for (const row of section?.rows ?? []) console.log(`        ${row.label}: ${row.value}`);
        for (const h of section?.hints ?? []) console.log(`        → ${h}`);
      }
      // The socket answer agrees with a plain connect made here.
      for (const sock of s.sockets) {
        assert.equal(sock.state, await connectSocket(sock.path), sock.path);
      }
    });

    it('a second probe reads versions from the cache (no process for an unchanged tool)', async function () {
      const file = ['/usr/bin/qemu-img', '/usr/bin/virsh'].find((f) => existsSync(f));
      if (!file) this.skip();
      const first = await toolVersion(file);
      const t = performance.now();
      const again = await toolVersion(file);
      assert.equal(again, first);
      assert.ok(performance.now() - t < 20, 'a cached version needs no process');
    });
  });
});
