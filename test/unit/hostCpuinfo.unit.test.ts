import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCpuinfo } from '../../src/core/host/cpuinfoParser';
import { createNodeHostFs, decodeBytes, describeFsError } from '../../src/core/host/hostFs';
import { scanKernelLog } from '../../src/core/host/kernelLog';
import { matchDmi } from '../../src/core/host/guestDetect';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const cpuinfo = (root: string): string => readFileSync(path.join(FIXTURES, root, 'proc/cpuinfo'), 'utf8');

describe('host check: cpuinfo parser', () => {
  it('reads an Intel dump with a vmx flags line (Xeon E5-2670)', () => {
    const f = parseCpuinfo(cpuinfo('intel-vmx-host'));
    assert.equal(f.arch, 'x64');
    assert.equal(f.vendor, 'intel');
    assert.equal(f.vendorId, 'GenuineIntel');
    assert.equal(f.model, 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz');
    assert.equal(f.logicalCpus, 2);
    assert.ok(f.flags?.has('vmx') && f.flags.has('ept') && f.flags.has('vnmi'));
    assert.deepEqual(f.vmxFlags?.slice(0, 3), ['vnmi', 'preemption_timer', 'invvpid']);
    assert.ok(f.vmxFlags?.includes('unrestricted_guest'));
  });

  it('tells a dump without the vmx flags line (old kernel) apart: vmxFlags is null', () => {
    const f = parseCpuinfo(cpuinfo('intel-old-kernel'));
    assert.equal(f.vendor, 'intel');
    assert.ok(f.flags?.has('vmx'));
    assert.equal(f.vmxFlags, null);
  });

  it('reads AMD flags: svm, npt, sev', () => {
    const f = parseCpuinfo(cpuinfo('amd-sev-host'));
    assert.equal(f.vendor, 'amd');
    assert.equal(f.logicalCpus, 1);
    for (const flag of ['svm', 'npt', 'avic', 'sme', 'sev', 'sev_es']) assert.ok(f.flags?.has(flag), flag);
    assert.ok(!f.flags?.has('sev_snp'));
  });

  it('reads a guest: hypervisor without vmx', () => {
    const f = parseCpuinfo(cpuinfo('kvm-guest'));
    assert.ok(f.flags?.has('hypervisor'));
    assert.ok(!f.flags?.has('vmx'));
    assert.equal(f.model, 'QEMU Virtual CPU version 0.13.0');
  });

  it('reads single-tab keys as committed by ollama (nested AMD guest)', () => {
    const f = parseCpuinfo(cpuinfo('nested-guest-amd'));
    assert.equal(f.logicalCpus, 2);
    assert.ok(f.flags?.has('hypervisor') && f.flags.has('svm') && f.flags.has('npt'));
  });

  it('reads arm64: implementer and part become a model name', () => {
    const f = parseCpuinfo(cpuinfo('arm64-host'));
    assert.equal(f.arch, 'arm64');
    assert.equal(f.vendor, 'arm');
    assert.equal(f.vendorId, '0x43');
    assert.equal(f.model, 'Cavium ThunderX 88XX');
    assert.equal(f.logicalCpus, 2);
    assert.equal(f.flags, null);
    assert.deepEqual(f.armFeatures?.slice(0, 2), ['fp', 'asimd']);
  });

  it('reads 32-bit ARM in both formats (Raspberry Pi 2, Nexus 5 one-block format)', () => {
    const rpi = parseCpuinfo(cpuinfo('arm32-rpi2'));
    assert.equal(rpi.arch, 'arm');
    assert.equal(rpi.model, 'ARMv7 Processor rev 5 (v7l)');
    assert.equal(rpi.logicalCpus, 2);
    const nexus = parseCpuinfo(
      readFileSync(path.join(FIXTURES, 'cpuinfo-samples/nexus5-arm32-old-format.txt'), 'utf8'),
    );
    assert.equal(nexus.arch, 'arm');
    assert.equal(nexus.model, 'ARMv7 Processor rev 0 (v7l)');
    assert.equal(nexus.logicalCpus, 4);
    assert.equal(nexus.vendorId, '0x51');
  });

  it('survives empty, garbage, truncated, CRLF, NUL and random input', () => {
    assert.equal(parseCpuinfo('').arch, null);
    assert.equal(parseCpuinfo('   \n\n').logicalCpus, null);
    assert.equal(parseCpuinfo('hello world\n:::\n: :\nno colon here').vendor, null);
    const full = cpuinfo('intel-vmx-host');
    const cut = parseCpuinfo(full.slice(0, full.indexOf('vmx smx') + 2));
    assert.equal(cut.vendor, 'intel');
    assert.ok(cut.flags?.has('vm') || cut.flags?.has('ds_cpl'), 'a cut flags line still parses up to the cut');
    const crlf = parseCpuinfo(full.replace(/\n/g, '\r\n'));
    assert.ok(crlf.flags?.has('vmx'));
    assert.equal(crlf.logicalCpus, 2);
    const nul = parseCpuinfo(
      decodeBytes(Buffer.from('vendor_id\t: GenuineIntel\nflags\t\t: fpu vmx\u0000 ept\n', 'utf8')),
    );
    assert.ok(nul.flags?.has('vmx') && nul.flags.has('ept'));
    for (let i = 0; i < 20; i++) {
      const f = parseCpuinfo(decodeBytes(randomBytes(4096)));
      assert.ok(f.logicalCpus === null || f.logicalCpus >= 0);
    }
    // Flags lines with junk keep only flag-shaped words.
    const junk = parseCpuinfo('vendor_id : AuthenticAMD\nflags : svm <script> npt \uFFFD\n');
    assert.deepEqual([...(junk.flags ?? [])].sort(), ['npt', 'svm']);
  });
});

describe('host check: kernel log lines', () => {
  it('finds the firmware messages as the kernel prints them', () => {
    const intel = scanKernelLog('[    0.01] x86/cpu: VMX (outside TXT) disabled by BIOS\n', 'x');
    assert.equal(intel.firmwareDisabled, true);
    assert.equal(intel.firmwareVendor, 'intel');
    const kvm = scanKernelLog('kvm_intel: VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL on CPU 0\n', 'x');
    assert.equal(kvm.firmwareVendor, 'intel');
    const amd = scanKernelLog('[ 0.05] SVM disabled (by BIOS) in MSR_VM_CR\n', 'x');
    assert.equal(amd.firmwareVendor, 'amd');
    assert.equal(amd.evidence[0]?.text, '[ 0.05] SVM disabled (by BIOS) in MSR_VM_CR');
    assert.equal(scanKernelLog('kvm: disabled by bios\n', 'x').firmwareDisabled, true);
    assert.equal(scanKernelLog('nothing to see\n', 'x').firmwareDisabled, null);
  });

  it('reads arm64 EL2 and VHE lines, the latest boot winning', () => {
    const vhe = scanKernelLog('CPU: All CPU(s) started at EL2\nkvm [1]: VHE mode initialized successfully\n', 'x');
    assert.deepEqual([vhe.el2, vhe.vhe, vhe.armKvmInitialized], [true, true, true]);
    const nvhe = scanKernelLog('kvm [1]: Hyp mode initialized successfully\n', 'x');
    assert.deepEqual([nvhe.el2, nvhe.vhe], [true, false]);
    const el1 = scanKernelLog('CPU: All CPU(s) started at EL2\nreboot\nCPU: All CPU(s) started at EL1\n', 'x');
    assert.equal(el1.el2, false);
  });
});

describe('host check: DMI names', () => {
  it('names the common hypervisors and leaves physical machines alone', () => {
    assert.equal(matchDmi('QEMU', 'Standard PC (Q35 + ICH9, 2009)')?.name, 'QEMU');
    assert.equal(matchDmi('Microsoft Corporation', 'Virtual Machine')?.family, 'hyperv');
    assert.equal(matchDmi('Microsoft Corporation', 'Surface Laptop 5'), null);
    assert.equal(matchDmi('VMware, Inc.', 'VMware Virtual Platform')?.family, 'vmware');
    assert.equal(matchDmi('innotek GmbH', 'VirtualBox')?.name, 'VirtualBox');
    assert.equal(matchDmi('Xen', 'HVM domU')?.family, 'xen');
    assert.equal(matchDmi('Amazon EC2', 't3.micro')?.name, 'Amazon EC2');
    assert.equal(matchDmi('Amazon EC2', 'm5.metal'), null, 'EC2 bare metal is not a VM');
    assert.equal(matchDmi('Google', 'Google Compute Engine')?.family, 'cloud');
    assert.equal(matchDmi('Dell Inc.', 'PowerEdge R720'), null);
    assert.equal(matchDmi(null, null), null);
  });
});

describe('host check: bounded file reads', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'virtkit-hostfs-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads at most maxBytes and says the file went on', async () => {
    writeFileSync(path.join(dir, 'big'), 'a'.repeat(10_000));
    const fs = createNodeHostFs(dir);
    const r = await fs.readText('/big', 4096);
    assert.ok(r.ok);
    assert.equal(r.value.text.length, 4096);
    assert.equal(r.value.truncated, true);
    const exact = await fs.readText('/big', 10_000);
    assert.ok(exact.ok && !exact.value.truncated && exact.value.text.length === 10_000);
  });

  it('reads the tail of a log', async () => {
    writeFileSync(path.join(dir, 'log'), 'old\n'.repeat(5000) + 'NEWEST LINE\n');
    const r = await createNodeHostFs(dir).readText('/log', 100, { tail: true });
    assert.ok(r.ok);
    assert.ok(r.value.text.endsWith('NEWEST LINE\n'));
    assert.equal(r.value.truncated, true);
  });

  it('keeps paths inside the root and reports failures as reasons', async () => {
    const fs = createNodeHostFs(dir);
    const escape = await fs.readText('/../../../../etc/hostname', 100);
    assert.ok(!escape.ok && escape.reason.code === 'missing');
    const isDir = await fs.readText('/', 100);
    assert.ok(!isDir.ok && isDir.reason.code === 'is-directory');
    assert.deepEqual(await fs.exists('/nope'), { ok: true, value: false });
    assert.deepEqual(describeFsError({ code: 'EACCES' }), { code: 'permission-denied' });
    assert.deepEqual(describeFsError({ code: 'EPERM' }), { code: 'permission-denied' });
    assert.deepEqual(describeFsError(new Error('boom')), { code: 'error', detail: 'boom' });
  });

  it('turns invalid UTF-8 into replacement characters and drops NULs', () => {
    assert.equal(decodeBytes(Uint8Array.from([0x61, 0xff, 0x00, 0x62])), 'a\uFFFDb');
  });
});
