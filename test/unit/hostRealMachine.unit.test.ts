// Probes the machine the tests run on. Only invariants are asserted, since the machine can be
// anything; the report is printed so a run records what this machine looked like.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { probeHost } from '../../src/core/host/probe';
import { LINUX_VERDICT_CODES, OTHER_VERDICT_CODES } from '../../src/core/host/types';

const CODES: readonly string[] = [...LINUX_VERDICT_CODES, ...OTHER_VERDICT_CODES];

describe('host check: this machine', () => {
  it('probes without throwing and keeps the report consistent', async function () {
    this.timeout(30_000);
    const t = performance.now();
    const r = await probeHost({ lang: 'en' });
    const ms = performance.now() - t;
    // Features as "id" / "-id" (absent) per line of cpuinfo, to keep the record short.
    const printable = {
      ...r,
      virtualization: {
        ...r.virtualization,
        features: r.virtualization.features.map((f) => `${f.present ? '' : '-'}${f.id} (${f.source})`),
      },
    };
    console.log(
      `      probe took ${ms.toFixed(1)} ms; report:\n${JSON.stringify(printable, null, 1).replace(/^/gm, '      ')}`,
    );

    assert.equal(r.schemaVersion, 1);
    assert.ok(CODES.includes(r.verdict.code), r.verdict.code);
    assert.ok(r.verdict.summary.length > 0);
    assert.ok(!Number.isNaN(Date.parse(r.probedAt)));
    if (r.virtualization.extension === 'vmx') assert.equal(r.cpu.vendor, 'intel');
    if (r.virtualization.extension === 'svm') assert.ok(r.cpu.vendor === 'amd' || r.cpu.vendorId === 'HygonGenuine');
    if (r.virtualization.slat === 'ept') assert.notEqual(r.cpu.vendor, 'amd');
    if (r.virtualization.slat === 'npt') assert.notEqual(r.cpu.vendor, 'intel');
    if (r.verdict.code === 'kvm-usable') assert.equal(r.kvm.device, 'usable');
    if (r.verdict.code === 'kvm-no-permission') assert.equal(r.kvm.device, 'present');
    if (r.guest.hypervisor !== null) assert.equal(r.guest.inVirtualMachine, true);
    if (process.platform === 'linux') {
      assert.equal(r.host.platform, 'linux');
      if (existsSync('/dev/kvm')) assert.notEqual(r.kvm.device, 'absent');
      else assert.equal(r.kvm.device, 'absent');
      assert.ok(['x64', 'ia32', 'arm64', 'arm', 'ppc64', 's390x', 'riscv64', process.arch].includes(r.host.arch));
      assert.ok(ms < 1000, `took ${ms} ms`);
    }
    const zh = await probeHost({ lang: 'zh-cn' });
    assert.equal(zh.verdict.code, r.verdict.code);
  });
});
