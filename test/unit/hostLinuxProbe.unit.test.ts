import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeHostFs, type FsResult, type HostFs, type TextRead } from '../../src/core/host/hostFs';
import { probeHost } from '../../src/core/host/probe';
import { LINUX_VERDICT_CODES, type HostReport } from '../../src/core/host/types';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const EMPTY_DIRS = JSON.parse(readFileSync(path.join(FIXTURES, 'empty-dirs.json'), 'utf8')) as Record<string, string[]>;

/** A fixture root on disk, with the empty directories git cannot keep. */
function fixture(name: string): string {
  const root = path.join(FIXTURES, name);
  for (const d of EMPTY_DIRS[name] ?? []) mkdirSync(path.join(root, d), { recursive: true });
  return root;
}

const LINUX_CODES: readonly string[] = LINUX_VERDICT_CODES;

/** Wraps a HostFs, replacing the answers for some paths (permission denied, odd content…). */
function override(
  base: HostFs,
  o: {
    read?: Record<string, FsResult<TextRead>>;
    access?: Record<string, FsResult<boolean>>;
    list?: Record<string, FsResult<string[]>>;
  },
): HostFs {
  return {
    readText: (p, max, opts) => Promise.resolve(o.read?.[p] ?? null).then((r) => r ?? base.readText(p, max, opts)),
    exists: (p) => base.exists(p),
    access: (p, mode) => Promise.resolve(o.access?.[p] ?? null).then((r) => r ?? base.access(p, mode)),
    list: (p) => Promise.resolve(o.list?.[p] ?? null).then((r) => r ?? base.list(p)),
    readLink: (p) => base.readLink(p),
  };
}

const denied = { ok: false, reason: { code: 'permission-denied' } } as const;
const NOW = new Date('2025-01-01T00:00:00Z');

async function probe(name: string, lang: 'en' | 'zh-cn' = 'en'): Promise<HostReport> {
  return probeHost({ root: fixture(name), lang, now: NOW });
}

function feature(r: HostReport, id: string, line: 'flags' | 'vmx flags') {
  return r.virtualization.features.find((f) => f.id === id && f.line === line);
}

/** Checks that hold for every Linux report. */
function assertWellFormed(r: HostReport): void {
  assert.equal(r.schemaVersion, 1);
  assert.equal(r.host.platform, 'linux');
  assert.ok(LINUX_CODES.includes(r.verdict.code), r.verdict.code);
  assert.ok(r.verdict.summary.length > 10);
  assert.ok(!/\{\w+\}/.test(r.verdict.summary + r.verdict.hints.join(' ')), 'no unfilled placeholder');
  if (r.virtualization.extension === 'vmx') assert.equal(r.cpu.vendor, 'intel');
  if (r.virtualization.extension === 'svm') assert.ok(r.cpu.vendor === 'amd' || r.cpu.vendorId === 'HygonGenuine');
  for (const u of r.unreadable) assert.ok(u.source.startsWith('/') && u.reason.length > 0, JSON.stringify(u));
  assert.doesNotThrow(() => JSON.stringify(r));
}

describe('host check: Linux fixture roots', () => {
  it('Intel host with VT-x, EPT and the vmx flags line: KVM usable', async () => {
    const r = await probe('intel-vmx-host');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'kvm-usable');
    assert.equal(r.verdict.key, 'kvm-usable');
    assert.match(r.verdict.summary, /Intel VT-x with EPT/);
    assert.deepEqual(r.host, {
      platform: 'linux',
      arch: 'x64',
      kernel: '5.14.0-70.13.1.el9_0.x86_64',
      hostname: 'rack3-node07',
      // A copied tree, and the report says so.
      probedRoot: path.join(FIXTURES, 'intel-vmx-host'),
    });
    assert.deepEqual(r.cpu, {
      vendor: 'intel',
      vendorId: 'GenuineIntel',
      model: 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz',
      logicalCpus: 2,
    });
    assert.equal(r.virtualization.extension, 'vmx');
    assert.equal(r.virtualization.slat, 'ept');
    assert.equal(r.virtualization.vmxFlagsLine, true);
    assert.equal(r.virtualization.disabledInFirmware, false);
    assert.deepEqual(feature(r, 'unrestricted_guest', 'vmx flags'), {
      id: 'unrestricted_guest',
      present: true,
      source: '/proc/cpuinfo vmx flags',
      line: 'vmx flags',
      vendor: 'intel',
    });
    assert.equal(feature(r, 'pml', 'vmx flags')?.present, false);
    assert.equal(feature(r, 'vnmi', 'flags')?.vendor, 'intel');
    assert.equal(feature(r, 'vnmi', 'vmx flags')?.present, true);
    assert.equal(feature(r, 'hypervisor', 'flags')?.present, false);
    assert.equal(
      r.virtualization.features.some((f) => f.id === 'svm'),
      false,
      'AMD names are not listed for Intel',
    );
    assert.deepEqual(r.kvm, {
      device: 'usable',
      module: 'kvm_intel',
      nested: true,
      modules: ['kvm', 'kvm_intel'],
      // No /etc/modprobe.d in this root: nothing makes nesting persistent.
      nestedPersistent: false,
      nestedPersistentFile: null,
    });
    assert.deepEqual(r.iommu, { acpiTable: 'DMAR', units: 2, groups: 4 });
    assert.deepEqual(r.guest, { inVirtualMachine: false, hypervisor: null });
    assert.equal(r.confidential.sev, false);
    assert.equal(r.confidential.tdx, null, 'kernel 5.14 predates tdx_host_platform: unknown, not false');
    assert.deepEqual(r.confidential.kvmEnabled, { sev: null, sevEs: null, sevSnp: null, tdx: null });
    assert.deepEqual(r.verdict.hints, []);
    assert.deepEqual(
      r.unreadable.map((u) => u.source),
      [
        '/var/log/kern.log',
        '/var/log/dmesg',
        '/var/log/messages',
        // This root predates the passthrough check: no command line, groups without devices.
        '/proc/cmdline',
        '/sys/kernel/iommu_groups/0/devices',
        '/sys/kernel/iommu_groups/1/devices',
        '/sys/kernel/iommu_groups/2/devices',
        '/sys/kernel/iommu_groups/3/devices',
      ],
    );
  });

  it('Intel on an old kernel (no vmx flags line), KVM module not loaded', async () => {
    const r = await probe('intel-old-kernel');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'kvm-not-loaded');
    assert.equal(r.virtualization.vmxFlagsLine, false);
    assert.equal(r.virtualization.disabledInFirmware, null);
    assert.equal(r.kvm.device, 'absent');
    assert.equal(r.kvm.module, null);
    assert.ok(r.verdict.hints.some((h) => h.includes('`sudo modprobe kvm_intel`')));
    assert.deepEqual(r.iommu, { acpiTable: 'DMAR', units: 0, groups: 0 });
  });

  it('Intel with VT-x disabled in firmware: the kernel log says so', async () => {
    const r = await probe('intel-firmware-disabled');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'disabled-in-firmware');
    assert.equal(r.virtualization.extension, null);
    assert.equal(r.virtualization.disabledInFirmware, true);
    assert.deepEqual(r.virtualization.evidence?.[0], {
      source: '/var/log/kern.log',
      text: 'Mar  3 09:12:01 laptop kernel: [    0.016342] x86/cpu: VMX (outside TXT) disabled by BIOS',
    });
    assert.match(r.verdict.hints[0] ?? '', /Intel Virtualization Technology \(VT-x\)/);
    const zh = await probe('intel-firmware-disabled', 'zh-cn');
    assert.equal(zh.verdict.code, 'disabled-in-firmware');
    assert.match(zh.verdict.summary, /固件/);
    assert.match(zh.verdict.hints[0] ?? '', /VT-x/);
  });

  it('the same machine with unreadable logs: unsupported or disabled, unknown which', async () => {
    const root = fixture('intel-firmware-disabled');
    const fs = override(createNodeHostFs(root), {
      read: { '/var/log/kern.log': denied, '/var/log/dmesg': denied, '/var/log/messages': denied },
    });
    const r = await probeHost({ fs, now: NOW });
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'unknown');
    assert.equal(r.verdict.key, 'vmx-absent-unknown');
    assert.equal(r.virtualization.disabledInFirmware, null);
    assert.ok(r.unreadable.some((u) => u.source === '/var/log/kern.log' && u.reason === 'permission denied'));
    assert.ok(r.verdict.hints.some((h) => h.includes('`sudo dmesg')));
    assert.ok(r.verdict.hints.some((h) => h.includes('Intel(R) Core(TM) i7-4800MQ')));
  });

  it('AMD host with SVM, NPT and SEV: KVM usable, SEV enabled in kvm_amd', async () => {
    const r = await probe('amd-sev-host');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'kvm-usable');
    assert.match(r.verdict.summary, /AMD-V with NPT/);
    assert.equal(r.virtualization.extension, 'svm');
    assert.equal(r.virtualization.slat, 'npt');
    assert.equal(r.virtualization.vmxFlagsLine, false);
    assert.equal(feature(r, 'avic', 'flags')?.present, true);
    assert.deepEqual(feature(r, 'vnmi', 'flags'), {
      id: 'vnmi',
      present: false,
      source: '/proc/cpuinfo flags',
      line: 'flags',
      vendor: 'amd',
    });
    assert.deepEqual(r.kvm, {
      device: 'usable',
      module: 'kvm_amd',
      nested: true,
      modules: ['kvm', 'kvm_amd'],
      // No /etc/modprobe.d in this root: nothing makes nesting persistent.
      nestedPersistent: false,
      nestedPersistentFile: null,
    });
    assert.deepEqual(r.iommu, { acpiTable: 'IVRS', units: 2, groups: 6 });
    assert.deepEqual(r.confidential, {
      sev: true,
      sevEs: true,
      sevSnp: null, // 5.14 is older than the sev_snp flag: unknown
      tdx: false,
      kvmEnabled: { sev: true, sevEs: true, sevSnp: null, tdx: null },
    });
  });

  it('/dev/kvm present but not accessible: kvm-no-permission (through the injected fs)', async () => {
    const fs = override(createNodeHostFs(fixture('amd-sev-host')), {
      access: { '/dev/kvm': { ok: true, value: false } },
    });
    const r = await probeHost({ fs, now: NOW });
    assert.equal(r.verdict.code, 'kvm-no-permission');
    assert.equal(r.kvm.device, 'present');
    assert.ok(r.verdict.hints.some((h) => h.includes('`sudo usermod -aG kvm $USER`')));
    const zh = await probeHost({ fs, lang: 'zh-cn', now: NOW });
    assert.ok(zh.verdict.hints.some((h) => h.includes('`sudo usermod -aG kvm $USER`') && h.includes('重新登录')));
  });

  it('/dev/kvm present but not accessible: kvm-no-permission (chmod, when not root)', async function () {
    if (typeof process.getuid === 'function' && process.getuid() === 0) this.skip(); // root may open anything
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-kvm-'));
    try {
      cpSync(fixture('amd-sev-host'), tmp, { recursive: true });
      chmodSync(path.join(tmp, 'dev/kvm'), 0o600);
      chmodSync(path.join(tmp, 'dev/kvm'), 0o000);
      const r = await probeHost({ root: tmp, now: NOW });
      assert.equal(r.verdict.code, 'kvm-no-permission');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('AMD with SVM disabled in firmware (6.x kernel hides svm, logs it)', async () => {
    const r = await probe('amd-firmware-disabled');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'disabled-in-firmware');
    assert.match(r.verdict.summary, /AMD-V/);
    assert.match(r.verdict.hints[0] ?? '', /SVM Mode/);
    assert.equal(r.virtualization.disabledInFirmware, true);
    assert.equal(r.virtualization.evidence?.[0]?.source, '/var/log/dmesg');
    assert.equal(r.confidential.sevSnp, false, 'kernel 6.8 prints sev_snp when present: absent means no');
  });

  it('KVM guest whose hypervisor hides VT-x: not-exposed-to-guest', async () => {
    const r = await probe('kvm-guest');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'not-exposed-to-guest');
    assert.deepEqual(r.guest, { inVirtualMachine: true, hypervisor: 'QEMU (Bochs firmware)' });
    assert.ok(r.verdict.hints[0]?.includes("`<cpu mode='host-passthrough'/>`"));
    assert.ok(r.verdict.hints[0]?.includes('`options kvm_intel nested=1`'));
  });

  it('Hyper-V guest recognised from DMI even without the hypervisor flag', async () => {
    const r = await probe('hyperv-guest');
    assertWellFormed(r);
    assert.equal(feature(r, 'hypervisor', 'flags')?.present, false);
    assert.equal(r.verdict.code, 'not-exposed-to-guest');
    assert.equal(r.guest.hypervisor, 'Microsoft Hyper-V');
    assert.ok(r.verdict.hints[0]?.includes('-ExposeVirtualizationExtensions $true'));
  });

  it('nested AMD guest (hypervisor and svm): KVM usable inside the VM', async () => {
    const r = await probe('nested-guest-amd');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'kvm-usable');
    assert.equal(r.verdict.key, 'kvm-usable-nested');
    assert.match(r.verdict.summary, /\(QEMU\)/);
    assert.deepEqual(r.guest, { inVirtualMachine: true, hypervisor: 'QEMU' });
    assert.equal(r.virtualization.extension, 'svm');
  });

  it('nested Intel guest (hypervisor, vmx and vmx flags) without kvm_intel loaded', async () => {
    const r = await probe('nested-guest-intel');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'kvm-not-loaded');
    assert.equal(r.virtualization.vmxFlagsLine, true);
    assert.equal(r.virtualization.disabledInFirmware, false);
    assert.equal(feature(r, 'pml', 'vmx flags')?.present, true);
    assert.deepEqual(r.guest, { inVirtualMachine: true, hypervisor: 'DigitalOcean' });
  });

  it('arm64 host: KVM usable, the log says EL2 and nVHE', async () => {
    const r = await probe('arm64-host');
    assertWellFormed(r);
    assert.equal(r.host.arch, 'arm64');
    assert.equal(r.cpu.vendor, 'arm');
    assert.equal(r.cpu.model, 'Cavium ThunderX 88XX');
    assert.equal(r.verdict.code, 'kvm-usable');
    assert.match(r.verdict.summary, /EL2/);
    assert.deepEqual(r.virtualization.arm, { el2: true, vhe: false });
    assert.equal(r.virtualization.extension, null);
    assert.deepEqual(r.virtualization.features, []);
    assert.equal(r.virtualization.disabledInFirmware, null);
    assert.equal(r.confidential.sev, false);
  });

  it('arm64 guest started at EL1: not-exposed-to-guest', async () => {
    const r = await probe('arm64-guest-el1');
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'not-exposed-to-guest');
    assert.deepEqual(r.virtualization.arm, { el2: false, vhe: null });
    assert.equal(r.guest.hypervisor, 'QEMU');
  });

  it('arm64 started at EL1 on bare metal: unsupported', async () => {
    const fs = override(createNodeHostFs(fixture('arm64-guest-el1')), {
      read: {
        '/sys/class/dmi/id/sys_vendor': { ok: false, reason: { code: 'missing' } },
        '/sys/class/dmi/id/product_name': { ok: false, reason: { code: 'missing' } },
      },
    });
    const r = await probeHost({ fs, now: NOW });
    assert.equal(r.verdict.code, 'unsupported');
    assert.equal(r.verdict.key, 'arm64-el1');
    assert.equal(r.guest.inVirtualMachine, null);
  });

  it('32-bit ARM: unsupported', async () => {
    const r = await probe('arm32-rpi2');
    assertWellFormed(r);
    assert.equal(r.host.arch, 'arm');
    assert.equal(r.verdict.code, 'unsupported');
    assert.equal(r.verdict.key, 'arm32');
    assert.equal(r.cpu.logicalCpus, 2);
  });

  it('every fixture gives a verdict in both languages, the Chinese one in Chinese', async () => {
    const roots = Object.keys(EMPTY_DIRS).concat(['intel-vmx-host', 'amd-sev-host']);
    for (const name of roots) {
      const en = await probe(name, 'en');
      const zh = await probe(name, 'zh-cn');
      assert.equal(en.verdict.code, zh.verdict.code, name);
      assert.equal(en.verdict.hints.length, zh.verdict.hints.length, name);
      assert.match(zh.verdict.summary, /[\u4e00-\u9fff]/, name);
      assert.doesNotMatch(en.verdict.summary, /[\u4e00-\u9fff]/, name);
    }
  });

  it('takes well under 50 ms on a fixture root', async () => {
    const root = fixture('intel-vmx-host');
    await probeHost({ root });
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t = performance.now();
      await probeHost({ root });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[3] ?? Infinity;
    console.log(`      probe median ${median.toFixed(1)} ms`);
    assert.ok(median < 50, `median ${median} ms`);
  });
});

describe('host check: bad input', () => {
  let tmp = '';
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'virtkit-probe-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const put = (rel: string, data: string | Buffer) => {
    mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    writeFileSync(path.join(tmp, rel), data);
  };

  it('an empty root: everything missing, nothing thrown', async () => {
    const r = await probeHost({ root: tmp, now: NOW });
    assertWellFormed(r);
    assert.equal(r.verdict.code, 'unknown');
    assert.equal(r.verdict.key, 'cpuinfo-unreadable');
    assert.equal(r.host.arch, 'unknown');
    assert.equal(r.kvm.device, 'absent');
    assert.ok(r.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason === 'missing'));
    assert.ok(r.unreadable.some((u) => u.source === '/sys/module' && u.reason === 'missing'));
    assert.equal(r.iommu.groups, null);
  });

  it('empty, garbage, NUL-ridden and random cpuinfo', async () => {
    put('proc/cpuinfo', '');
    let r = await probeHost({ root: tmp });
    assert.equal(r.verdict.key, 'cpuinfo-unreadable');
    assert.ok(r.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason === 'empty'));

    put('proc/cpuinfo', 'this is not cpuinfo at all\n\u0001\u0002\n');
    r = await probeHost({ root: tmp });
    assert.ok(r.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason === 'unrecognised content'));

    put(
      'proc/cpuinfo',
      Buffer.from('processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu\u0000 vmx ept lm\n', 'latin1'),
    );
    r = await probeHost({ root: tmp });
    assert.equal(r.virtualization.extension, 'vmx');

    for (let i = 0; i < 10; i++) {
      put('proc/cpuinfo', randomBytes(8192));
      put('sys/module/kvm_intel/parameters/nested', randomBytes(16));
      put('sys/class/dmi/id/sys_vendor', randomBytes(64));
      r = await probeHost({ root: tmp });
      assertWellFormed(r);
    }
  });

  it('a truncated cpuinfo still gives what it holds', async () => {
    const full = readFileSync(path.join(FIXTURES, 'intel-vmx-host/proc/cpuinfo'), 'utf8');
    put('proc/cpuinfo', full.slice(0, full.indexOf('bogomips')));
    const r = await probeHost({ root: tmp });
    assert.equal(r.virtualization.extension, 'vmx');
    assert.equal(r.cpu.logicalCpus, 1);
  });

  it('a huge cpuinfo is read only up to 4 MiB', async () => {
    const block = readFileSync(path.join(FIXTURES, 'intel-vmx-host/proc/cpuinfo'), 'utf8');
    put('proc/cpuinfo', block.repeat(Math.ceil((6 * 1024 * 1024) / block.length)));
    const t = performance.now();
    const r = await probeHost({ root: tmp });
    assert.ok(performance.now() - t < 2000);
    assert.ok(r.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason.startsWith('too large')));
    assert.equal(r.virtualization.extension, 'vmx');
    // Two CPUs per copy of the block; only the copies within the first 4 MiB count.
    const whole = Math.floor((4 * 1024 * 1024) / Buffer.byteLength(block)) * 2;
    const n = r.cpu.logicalCpus ?? 0;
    assert.ok(n >= whole && n <= whole + 2, `${n} CPUs counted, ${whole} expected`);
  });

  it('a directory where a file is expected', async () => {
    mkdirSync(path.join(tmp, 'proc/cpuinfo'), { recursive: true });
    mkdirSync(path.join(tmp, 'var/log/kern.log'), { recursive: true });
    const r = await probeHost({ root: tmp });
    assert.ok(r.unreadable.some((u) => u.source === '/proc/cpuinfo' && u.reason === 'is a directory'));
    assert.ok(r.unreadable.some((u) => u.source === '/var/log/kern.log' && u.reason === 'is a directory'));
  });

  it('a FIFO as a log file does not block the probe', async function () {
    try {
      mkdirSync(path.join(tmp, 'var/log'), { recursive: true });
      execFileSync('mkfifo', [path.join(tmp, 'var/log/kern.log')]);
    } catch {
      this.skip();
    }
    const r = await probeHost({ root: tmp });
    assertWellFormed(r);
  });

  it('odd module parameters and permission errors end up in unreadable', async () => {
    cpSync(fixture('intel-vmx-host'), tmp, { recursive: true });
    put('sys/module/kvm_intel/parameters/nested', 'maybe\n');
    const fs = override(createNodeHostFs(tmp), {
      read: { '/proc/sys/kernel/hostname': denied },
      list: { '/sys/kernel/iommu_groups': denied },
    });
    const r = await probeHost({ fs });
    assert.equal(r.kvm.nested, null);
    assert.ok(
      r.unreadable.some(
        (u) => u.source === '/sys/module/kvm_intel/parameters/nested' && u.reason === 'unexpected content',
      ),
    );
    assert.ok(r.unreadable.some((u) => u.source === '/proc/sys/kernel/hostname' && u.reason === 'permission denied'));
    assert.equal(r.host.hostname, null);
    assert.equal(r.iommu.groups, null);
    assert.equal(r.verdict.code, 'kvm-usable');
  });

  it('a file system that throws still gives a report', async () => {
    const broken: HostFs = {
      readText: () => Promise.reject(new Error('disk on fire')),
      exists: () => Promise.reject(new Error('disk on fire')),
      access: () => Promise.reject(new Error('disk on fire')),
      list: () => Promise.reject(new Error('disk on fire')),
      readLink: () => Promise.reject(new Error('disk on fire')),
    };
    const r = await probeHost({ fs: broken, now: NOW });
    assert.equal(r.verdict.code, 'unknown');
    assert.equal(r.verdict.key, 'probe-failed');
    assert.match(r.verdict.summary, /disk on fire/);
  });
});
