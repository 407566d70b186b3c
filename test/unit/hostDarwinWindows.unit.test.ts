import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createNodeRunner, type CommandRunner, type RunResult } from '../../src/core/host/commandRunner';
import { DARWIN_KEYS, darwinReport, probeDarwin, type DarwinOutputs } from '../../src/core/host/darwinProbe';
import { probeHost } from '../../src/core/host/probe';
import type { Reason } from '../../src/core/host/reasons';
import { noHostAccessReport } from '../../src/core/host/reportBase';
import { buildDeepView } from '../../src/core/hostView/hostDeepView';
import {
  parseWindowsCim,
  powershellArgs,
  powershellPath,
  probeWindows,
  windowsReport,
} from '../../src/core/host/windowsProbe';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/host');
const NOW = new Date('2025-01-01T00:00:00Z');

/** A failure as the fixtures record it ("command not found", "exit code 1: sysctl: …") as a reason. */
function recorded(error: string | undefined): Reason {
  const exit = /^exit code (\d+)(?:: (.*))?$/.exec(error ?? '');
  if (exit) return { code: 'exit', n: Number(exit[1]), ...(exit[2] ? { detail: exit[2] } : {}) };
  assert.equal(error, 'command not found', `a fixture records an unknown failure: ${error}`);
  return { code: 'command-not-found' };
}

function darwinFixture(name: string): DarwinOutputs {
  const raw = JSON.parse(readFileSync(path.join(FIXTURES, 'darwin', name), 'utf8')) as Record<
    string,
    { stdout?: string; error?: string }
  >;
  const out: DarwinOutputs = {};
  for (const key of DARWIN_KEYS) {
    const v = raw[key];
    if (v)
      out[key] = v.stdout !== undefined ? { ok: true, stdout: v.stdout } : { ok: false, reason: recorded(v.error) };
  }
  return out;
}

const windowsFixture = (name: string): string => readFileSync(path.join(FIXTURES, 'windows', name), 'utf8');

describe('host check: macOS', () => {
  it('Intel Mac with VMX: Hypervisor.framework available', () => {
    const r = darwinReport(darwinFixture('intel-mac-sierra.json'), { lang: 'en', now: NOW, hostname: 'mac' });
    assert.equal(r.verdict.code, 'hvf-available');
    assert.equal(r.host.platform, 'darwin');
    assert.equal(r.host.arch, 'x64');
    assert.equal(r.host.kernel, '16.7.0');
    assert.deepEqual(r.cpu, {
      vendor: 'intel',
      vendorId: 'GenuineIntel',
      model: 'Intel(R) Core(TM) i5-2557M CPU @ 1.70GHz',
      logicalCpus: 4,
    });
    assert.equal(r.virtualization.extension, 'vmx');
    assert.deepEqual(r.virtualization.features, [
      { id: 'VMX', present: true, source: 'sysctl machdep.cpu.features' },
      { id: 'VMM', present: false, source: 'sysctl machdep.cpu.features' },
    ]);
    assert.equal(r.guest.inVirtualMachine, false);
    assert.deepEqual(r.unreadable, [], 'hw.optional.arm64 missing on Intel is normal');
    assert.ok(r.verdict.hints[0]?.includes('`-accel hvf`'));
  });

  it('macOS in a VM without VT-x: unavailable, says why', () => {
    const r = darwinReport(darwinFixture('intel-mac-vm.json'), { lang: 'zh-cn', now: NOW });
    assert.equal(r.verdict.code, 'hvf-unavailable');
    assert.equal(r.verdict.key, 'hvf-unavailable-guest');
    assert.match(r.verdict.summary, /虚拟机/);
    assert.equal(r.guest.inVirtualMachine, true);
    assert.equal(r.virtualization.extension, null);
  });

  it('Apple silicon', () => {
    const r = darwinReport(darwinFixture('apple-silicon.json'), { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'hvf-available');
    assert.equal(r.host.arch, 'arm64');
    assert.deepEqual(r.cpu, { vendor: 'arm', vendorId: 'Apple', model: 'Apple M1', logicalCpus: 8 });
    assert.deepEqual(r.unreadable, []);
  });

  it('no sysctl: unknown, and the report lists what failed', () => {
    const r = darwinReport(darwinFixture('sysctl-missing.json'), { lang: 'en', now: NOW, fallbackArch: 'x64' });
    assert.equal(r.verdict.code, 'unknown');
    assert.match(r.verdict.summary, /command not found/);
    assert.ok(r.unreadable.some((u) => u.source === 'sysctl -n kern.hv_support' && u.reason === 'command not found'));
    assert.equal(r.host.arch, 'x64');
  });

  it('garbage output is not taken for an answer', () => {
    const outputs: DarwinOutputs = {
      'kern.hv_support': { ok: true, stdout: '\u0000\u00ff garbage' },
      'hw.logicalcpu': { ok: true, stdout: 'NaN' },
    };
    const r = darwinReport(outputs, { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'unknown');
    assert.equal(r.cpu.logicalCpus, null);
  });

  it('runs /usr/sbin/sysctl -n <name> for each name, through the injected runner', async () => {
    const calls: string[][] = [];
    const fixture = darwinFixture('apple-silicon.json');
    const run: CommandRunner = (file, args) => {
      calls.push([file, ...args]);
      return Promise.resolve(fixture[args[1] as keyof DarwinOutputs] ?? { ok: false, reason: { code: 'exit', n: 1 } });
    };
    const r = await probeDarwin(run, { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'hvf-available');
    assert.equal(calls.length, DARWIN_KEYS.length);
    assert.ok(calls.every((c) => c[0] === '/usr/sbin/sysctl' && c[1] === '-n' && c.length === 3));
    const viaProbe = await probeHost({ platform: 'darwin', run, now: NOW });
    assert.equal(viaProbe.host.platform, 'darwin');
  });
});

describe('host check: Windows', () => {
  it('Intel, virtualization enabled in firmware, no hypervisor', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('intel-firmware-enabled.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.verdict.code, 'firmware-enabled');
    assert.match(r.verdict.summary, /Intel VT-x/);
    assert.equal(r.host.arch, 'x64');
    assert.equal(r.host.kernel, '10.0.19045');
    assert.deepEqual(r.cpu, {
      vendor: 'intel',
      vendorId: 'GenuineIntel',
      model: 'Intel(R) Core(TM) i7-10750H CPU @ 2.60GHz',
      logicalCpus: 12,
    });
    assert.equal(r.virtualization.extension, 'vmx');
    assert.equal(r.virtualization.slat, 'ept');
    assert.equal(r.virtualization.disabledInFirmware, false);
    assert.deepEqual(r.guest, { inVirtualMachine: false, hypervisor: null });
  });

  it('Hyper-V running: the processor properties read False and are ignored', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('intel-hyperv-running.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.verdict.code, 'hyperv-running');
    assert.equal(r.virtualization.extension, null);
    assert.equal(r.virtualization.disabledInFirmware, false);
    assert.deepEqual(r.virtualization.features, [
      { id: 'HypervisorPresent', present: true, source: 'Win32_ComputerSystem' },
    ]);
    assert.ok(r.verdict.hints.some((h) => h.includes('`bcdedit /set hypervisorlaunchtype off`')));
  });

  it('AMD with SVM switched off in firmware', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('amd-firmware-disabled.json') },
      { lang: 'zh-cn', now: NOW },
    );
    assert.equal(r.verdict.code, 'disabled-in-firmware');
    assert.equal(r.virtualization.disabledInFirmware, true);
    assert.equal(r.cpu.model, 'AMD Ryzen 7 5800X 8-Core Processor');
    assert.match(r.verdict.hints[0] ?? '', /SVM Mode/);
    assert.match(r.verdict.summary, /固件/);
  });

  it('Hyper-V guest without nested virtualization', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('hyperv-guest-no-nested.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.verdict.code, 'not-exposed-to-guest');
    assert.deepEqual(r.guest, { inVirtualMachine: true, hypervisor: 'Microsoft Hyper-V' });
    assert.ok(r.verdict.hints[0]?.includes('Set-VMProcessor'));
  });

  it('Windows PowerShell 5.1 {value, Count} arrays and two sockets', () => {
    const r = windowsReport({ ok: true, stdout: windowsFixture('ps51-two-sockets.json') }, { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'firmware-enabled');
    assert.equal(r.cpu.logicalCpus, 80);
  });

  it('a plain Win32_Processor object (no ComputerSystem)', () => {
    const parsed = parseWindowsCim(windowsFixture('plain-processor-object.json'));
    assert.ok(parsed.ok);
    assert.equal(parsed.facts.processors[0]?.vmMonitorModeExtensions, false);
    assert.equal(parsed.facts.hypervisorPresent, null);
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('plain-processor-object.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.verdict.code, 'unsupported');
    assert.equal(r.guest.inVirtualMachine, null);
  });

  it('bad output: empty, not JSON, wrong shapes, BOM, NULs, failure', () => {
    for (const bad of [
      '',
      '   ',
      'Get-CimInstance : Access denied',
      '{',
      'null',
      '[]',
      '{}',
      '{"Processor": 5}',
      '"text"',
    ]) {
      const r = windowsReport({ ok: true, stdout: bad }, { lang: 'en', now: NOW });
      assert.equal(r.verdict.code, 'unknown', JSON.stringify(bad));
      assert.equal(r.unreadable.length, 1);
    }
    const bom = windowsReport(
      { ok: true, stdout: '\uFEFF' + windowsFixture('intel-firmware-enabled.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(bom.verdict.code, 'firmware-enabled');
    const utf16ish = windowsFixture('intel-firmware-enabled.json').split('').join('\u0000');
    assert.equal(
      windowsReport({ ok: true, stdout: utf16ish }, { lang: 'en', now: NOW }).verdict.code,
      'firmware-enabled',
    );
    const timeout = windowsReport(
      { ok: false, reason: { code: 'timeout', n: 10 } },
      { lang: 'en', now: NOW, fallbackArch: 'x64' },
    );
    assert.equal(timeout.verdict.code, 'unknown');
    assert.deepEqual(timeout.unreadable, [
      {
        source: 'powershell Get-CimInstance Win32_Processor, Win32_ComputerSystem',
        reason: 'timed out after 10 s',
        reasonCode: 'timeout',
        reasonNumber: 10,
      },
    ]);
  });

  it('recorded values of a real Surface Pro 7 (i5-1035G4), nothing else: enabled, the rest unknown', () => {
    // Processor values from a published recording (SOURCES.md); the other classes absent.
    const text = windowsFixture('i5-1035g4-recorded-values.json');
    const parsed = parseWindowsCim(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.facts.processors, [
      {
        name: 'Intel(R) Core(TM) i5-1035G4 CPU @ 1.10GHz',
        manufacturer: 'GenuineIntel',
        architecture: null,
        logicalProcessors: 8,
        virtualizationFirmwareEnabled: true,
        vmMonitorModeExtensions: true,
        slat: true,
      },
    ]);
    const r = windowsReport({ ok: true, stdout: text }, { lang: 'en', now: NOW, fallbackArch: 'x64' });
    // All three properties true is itself the evidence that no hypervisor runs (one would
    // mask them as False), so the verdict may say so without Win32_ComputerSystem.
    assert.equal(r.verdict.code, 'firmware-enabled');
    assert.equal(r.virtualization.slat, 'ept');
    assert.equal(r.host.arch, 'x64');
    assert.deepEqual(r.guest, { inVirtualMachine: null, hypervisor: null });
    assert.deepEqual(r.platformDetails?.windows, {
      hypervisorPresent: null,
      hyperV: 'unknown',
      vbs: 'unknown',
      securityServices: null,
      virtualizationFirmwareEnabled: true,
      vmMonitorModeExtensions: true,
      slat: true,
    });
  });

  it('powershell.exe only from an absolute %SystemRoot%: a relative one would resolve against the working directory', () => {
    for (const bad of ['Windows', '.\\Windows', '', 'System32\\..']) {
      assert.equal(
        powershellPath({ SystemRoot: bad, windir: bad }),
        'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        bad,
      );
    }
    assert.equal(
      powershellPath({ SystemRoot: 'D:\\WINDOWS' }),
      'D:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });

  it('runs powershell.exe from %SystemRoot% with an argument list', async () => {
    assert.equal(
      powershellPath({ SystemRoot: 'C:\\Windows' }),
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    const args = powershellArgs();
    assert.deepEqual(args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-Command']);
    assert.match(args[3] ?? '', /Get-CimInstance -ClassName Win32_Processor/);
    assert.match(args[3] ?? '', /ConvertTo-Json/);
    let seen: string[] = [];
    const run: CommandRunner = (file, a) => {
      seen = [file, ...a];
      return Promise.resolve<RunResult>({ ok: true, stdout: windowsFixture('intel-firmware-enabled.json') });
    };
    const r = await probeWindows(run, { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'firmware-enabled');
    assert.ok(seen[0]?.endsWith('powershell.exe'));
    const viaProbe = await probeHost({ platform: 'win32', run, now: NOW });
    assert.equal(viaProbe.host.platform, 'win32');
  });
});

describe('host check: what macOS and Windows say about their hypervisor platform', () => {
  it('Windows with Hyper-V and VBS running: the platform details, and what is hidden', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('intel-hyperv-vbs-running.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.verdict.code, 'hyperv-running', 'verdict codes unchanged');
    assert.deepEqual(r.platformDetails, {
      os: 'windows',
      windows: {
        hypervisorPresent: true,
        hyperV: 'enabled',
        vbs: 'running',
        securityServices: ['memory-integrity', 'system-guard'],
        virtualizationFirmwareEnabled: null,
        vmMonitorModeExtensions: null,
        slat: null,
      },
      cannotAnswer: ['win-processor-hidden', 'win-nested-per-vm'],
    });
    const view = buildDeepView(r, 'zh-cn');
    const platform = view.sections.find((s) => s.id === 'platform');
    assert.ok(platform);
    assert.ok(platform.rows.some((row) => row.value === '运行中'));
    assert.ok(platform.rows.some((row) => row.value.includes('ExposeVirtualizationExtensions')));
  });

  it('Windows PowerShell 5.1 output with Hyper-V disabled and VBS off', () => {
    const r = windowsReport({ ok: true, stdout: windowsFixture('amd-ps51-hyperv-off.json') }, { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'firmware-enabled');
    assert.deepEqual(r.platformDetails?.windows, {
      hypervisorPresent: false,
      hyperV: 'disabled',
      vbs: 'off',
      securityServices: [],
      virtualizationFirmwareEnabled: true,
      vmMonitorModeExtensions: true,
      slat: true,
    });
    assert.deepEqual(r.platformDetails?.cannotAnswer, []);
  });

  it('Windows output without the feature and Device Guard parts: unknown, not absent', () => {
    const r = windowsReport(
      { ok: true, stdout: windowsFixture('hyperv-guest-no-nested.json') },
      { lang: 'en', now: NOW },
    );
    assert.equal(r.platformDetails?.windows?.hyperV, 'unknown');
    assert.equal(r.platformDetails?.windows?.vbs, 'unknown');
    assert.equal(r.platformDetails?.windows?.securityServices, null);
    assert.ok(r.platformDetails?.cannotAnswer.includes('win-outer-nesting'), 'a guest cannot see the outer setting');
  });

  it('the PowerShell script asks for the feature and Device Guard without failing when they are missing', () => {
    const script = powershellArgs()[3] ?? '';
    assert.ok(script.includes("Win32_OptionalFeature -Filter 'Name=''Microsoft-Hyper-V'''"));
    assert.ok(script.includes('-Namespace root\\Microsoft\\Windows\\DeviceGuard -ClassName Win32_DeviceGuard'));
    assert.equal((script.match(/try \{/g) ?? []).length, 2);
    assert.ok(!script.includes('"'), 'no double quotes: the argument passes through Windows quoting unchanged');
  });

  it('macOS 26 on Apple silicon as observed (kern.hv_support, kern.osrelease only): available, the rest unknown', () => {
    const r = darwinReport(darwinFixture('macos26-arm64-observed.json'), { lang: 'en', now: NOW });
    assert.equal(r.verdict.code, 'hvf-available');
    assert.equal(r.host.kernel, '25.5.0');
    assert.deepEqual(r.platformDetails?.macos, { hvSupport: true, appleSilicon: null, inVm: null });
    assert.deepEqual(r.platformDetails?.cannotAnswer, ['mac-nested', 'mac-iommu', 'mac-kvm']);
  });

  it('macOS: Hypervisor.framework, Apple silicon, and what sysctl cannot say', () => {
    const m1 = darwinReport(darwinFixture('apple-silicon.json'), { lang: 'en', now: NOW });
    assert.deepEqual(m1.platformDetails, {
      os: 'macos',
      macos: { hvSupport: true, appleSilicon: true, inVm: false },
      cannotAnswer: ['mac-nested', 'mac-iommu', 'mac-kvm'],
    });
    const intel = darwinReport(darwinFixture('intel-mac-sierra.json'), { lang: 'en', now: NOW });
    assert.equal(intel.platformDetails?.macos?.appleSilicon, false);
    const vm = darwinReport(darwinFixture('intel-mac-vm.json'), { lang: 'en', now: NOW });
    assert.deepEqual(vm.platformDetails?.macos, { hvSupport: false, appleSilicon: false, inVm: true });
    const none = darwinReport(darwinFixture('sysctl-missing.json'), { lang: 'en', now: NOW });
    assert.deepEqual(none.platformDetails?.macos, { hvSupport: null, appleSilicon: null, inVm: null });
    const rows = buildDeepView(m1, 'zh-cn').sections.find((s) => s.id === 'platform')?.rows ?? [];
    assert.equal(rows.filter((r) => r.label === '在本机无法得知').length, 3);
  });
});

describe('host check: dispatch and the command runner', () => {
  it('other platforms and the web get a report, not an exception', async () => {
    const r = await probeHost({ platform: 'freebsd', now: NOW });
    assert.equal(r.verdict.code, 'unknown');
    assert.equal(r.verdict.key, 'platform-not-examined');
    const web = noHostAccessReport('zh-cn', NOW);
    assert.equal(web.verdict.code, 'no-host-access');
    assert.match(web.verdict.summary, /[\u4e00-\u9fff]/);
  });

  it('runs a real command, reports a missing one and a timeout', async () => {
    const run = createNodeRunner(1500);
    const ok = await run(process.execPath, ['-e', 'process.stdout.write("hi")']);
    assert.deepEqual(ok, { ok: true, stdout: 'hi' });
    const missing = await run('/nonexistent/virtkit-no-such-command', []);
    assert.deepEqual(missing, { ok: false, reason: { code: 'command-not-found' } });
    const failing = await run(process.execPath, ['-e', 'process.stderr.write("bad thing\\n"); process.exit(3)']);
    assert.deepEqual(failing, { ok: false, reason: { code: 'exit', n: 3, detail: 'bad thing' } });
    const slow = await createNodeRunner(200)(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
    assert.deepEqual(slow, { ok: false, reason: { code: 'timeout', n: 0 } });
  });
});
