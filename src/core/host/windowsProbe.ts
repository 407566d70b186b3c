// The Windows probe: Win32_Processor (VirtualizationFirmwareEnabled, VMMonitorModeExtensions,
// SecondLevelAddressTranslationExtensions) and Win32_ComputerSystem (HypervisorPresent,
// Manufacturer, Model) from one PowerShell run (execFile, fixed executable, argument list,
// 10 s timeout, hidden window), printed as JSON. The parser is pure.
//
// While a hypervisor runs (Hyper-V, WSL 2, memory integrity…), Windows itself is a guest of
// it and Win32_Processor reports the three virtualization properties as False; only
// HypervisorPresent is meaningful then.
import * as path from 'node:path';
import type { Lang } from '../language';
import type { CommandRunner } from './commandRunner';
import { matchDmi } from './guestDetect';
import { unreadableEntry, type Reason } from './reasons';
import { blankReport } from './reportBase';
import { hvParam, nestedHintFor, renderDecision, type Decision } from './verdict';
import type { FeatureState, HostReport, PlatformDetails, PlatformLimit, Tri } from './types';

export const WINDOWS_SCRIPT = [
  "$ErrorActionPreference = 'Stop'",
  '$p = @(Get-CimInstance -ClassName Win32_Processor | Select-Object Name, Manufacturer, Architecture, NumberOfLogicalProcessors, VirtualizationFirmwareEnabled, VMMonitorModeExtensions, SecondLevelAddressTranslationExtensions)',
  '$c = Get-CimInstance -ClassName Win32_ComputerSystem | Select-Object HypervisorPresent, Manufacturer, Model',
  '$o = Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object Version, Caption',
  // Each of these may be missing (Windows Home, older builds) or refused: null, not a failure.
  "try { $f = Get-CimInstance -ClassName Win32_OptionalFeature -Filter 'Name=''Microsoft-Hyper-V''' | Select-Object Name, InstallState } catch { $f = $null }",
  'try { $g = Get-CimInstance -Namespace root\\Microsoft\\Windows\\DeviceGuard -ClassName Win32_DeviceGuard | Select-Object VirtualizationBasedSecurityStatus, SecurityServicesRunning } catch { $g = $null }',
  '[pscustomobject]@{ Processor = $p; ComputerSystem = $c; OperatingSystem = $o; HyperVFeature = $f; DeviceGuard = $g } | ConvertTo-Json -Depth 4 -Compress',
].join('; ');

export const WINDOWS_SOURCE = 'powershell Get-CimInstance Win32_Processor, Win32_ComputerSystem';

/** Win32_DeviceGuard SecurityServicesRunning numbers, by the names the report uses. */
const SECURITY_SERVICES: Record<number, string> = {
  1: 'credential-guard',
  2: 'memory-integrity',
  3: 'system-guard',
  4: 'smm-firmware-measurement',
};

/**
 * powershell.exe under %SystemRoot%, not whatever PATH finds first. Only a drive-absolute
 * root is taken: a relative one would resolve against the working directory (which can be a
 * workspace), where Windows also looks first for a bare name.
 */
export function powershellPath(env: Record<string, string | undefined> = process.env): string {
  const root = [env.SystemRoot, env.windir].find((r) => r !== undefined && /^[A-Za-z]:\\/.test(r)) ?? 'C:\\Windows';
  return path.win32.join(root, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

export function powershellArgs(): string[] {
  return ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_SCRIPT];
}

export interface WinProcessor {
  name: string | null;
  manufacturer: string | null;
  architecture: number | null;
  logicalProcessors: number | null;
  virtualizationFirmwareEnabled: boolean | null;
  vmMonitorModeExtensions: boolean | null;
  slat: boolean | null;
}

export interface WindowsFacts {
  processors: WinProcessor[];
  hypervisorPresent: boolean | null;
  manufacturer: string | null;
  model: string | null;
  osVersion: string | null;
  /** Win32_OptionalFeature Microsoft-Hyper-V InstallState (1 enabled, 2 disabled, 3 absent); null when not read. */
  hyperVInstallState: number | null;
  /** Win32_DeviceGuard VirtualizationBasedSecurityStatus (0, 1, 2); null when not read. */
  vbsStatus: number | null;
  /** Win32_DeviceGuard SecurityServicesRunning; null when not read. */
  securityServicesRunning: number[] | null;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function str(v: Json | undefined): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, 200) : null;
}

function bool(v: Json | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'True' || v === 'true') return true;
  if (v === 'False' || v === 'false') return false;
  return null;
}

function num(v: Json | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function obj(v: Json | undefined): Record<string, Json> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : null;
}

/** An array however ConvertTo-Json wrote it: an array, one object, or PowerShell 5.1's {value, Count}. */
function list(v: Json | undefined): Record<string, Json>[] {
  if (Array.isArray(v)) return v.map((x) => obj(x)).filter((x): x is Record<string, Json> => x !== null);
  const o = obj(v);
  if (!o) return [];
  if (Array.isArray(o.value)) return list(o.value);
  return [o];
}

/**
 * Parses the script's JSON. Also accepts the plain output of
 * `Get-CimInstance Win32_Processor | ConvertTo-Json` (an array or one processor object).
 */
export function parseWindowsCim(stdout: string): { ok: true; facts: WindowsFacts } | { ok: false; reason: Reason } {
  const text = stdout
    .replace(/^\uFEFF/, '')
    .split('\u0000')
    .join('')
    .trim();
  if (text === '') return { ok: false, reason: { code: 'empty-output' } };
  let data: Json;
  try {
    data = JSON.parse(text) as Json;
  } catch {
    return { ok: false, reason: { code: 'not-json' } };
  }
  const root = obj(data);
  const procs =
    root && 'Processor' in root
      ? list(root.Processor)
      : list(data).filter((p) => 'Name' in p || 'VMMonitorModeExtensions' in p);
  const cs = root ? obj(root.ComputerSystem) : null;
  const os = root ? obj(root.OperatingSystem) : null;
  // Get-CimInstance may return one feature object or (on odd builds) a list: the first counts.
  const feature = root ? (list(root.HyperVFeature)[0] ?? null) : null;
  const guard = root ? (list(root.DeviceGuard)[0] ?? null) : null;
  const running = guard ? guard.SecurityServicesRunning : undefined;
  const runningList = Array.isArray(running)
    ? running
    : obj(running) && Array.isArray(obj(running)?.value)
      ? (obj(running)?.value as Json[])
      : typeof running === 'number'
        ? [running]
        : null;
  if (procs.length === 0 && !cs) return { ok: false, reason: { code: 'no-processor-data' } };
  return {
    ok: true,
    facts: {
      processors: procs.map((p) => ({
        name: str(p.Name),
        manufacturer: str(p.Manufacturer),
        architecture: num(p.Architecture),
        logicalProcessors: num(p.NumberOfLogicalProcessors),
        virtualizationFirmwareEnabled: bool(p.VirtualizationFirmwareEnabled),
        vmMonitorModeExtensions: bool(p.VMMonitorModeExtensions),
        slat: bool(p.SecondLevelAddressTranslationExtensions),
      })),
      hypervisorPresent: cs ? bool(cs.HypervisorPresent) : null,
      manufacturer: cs ? str(cs.Manufacturer) : null,
      model: cs ? str(cs.Model) : null,
      osVersion: os ? str(os.Version) : null,
      hyperVInstallState: feature ? num(feature.InstallState) : null,
      vbsStatus: guard ? num(guard.VirtualizationBasedSecurityStatus) : null,
      securityServicesRunning: runningList
        ? runningList.filter((n): n is number => typeof n === 'number' && Number.isInteger(n)).slice(0, 16)
        : null,
    },
  };
}

/** Win32_Processor.Architecture → Node's names. */
const ARCH: Record<number, string> = { 0: 'ia32', 5: 'arm', 9: 'x64', 12: 'arm64' };

/** All processors agree → that value; any disagreement or missing → null. */
function all(values: (boolean | null)[]): boolean | null {
  if (values.length === 0 || values.some((v) => v === null)) return null;
  return values.every((v) => v === true) ? true : values.every((v) => v === false) ? false : null;
}

export interface WindowsProbeOptions {
  lang: Lang;
  now?: Date;
  hostname?: string | null;
  kernel?: string | null;
  fallbackArch?: string;
}

/** Builds the report from the PowerShell output (or its failure). */
export function windowsReport(
  output: { ok: true; stdout: string } | { ok: false; reason: Reason },
  options: WindowsProbeOptions,
): HostReport {
  const now = options.now ?? new Date();
  const parsed = output.ok ? parseWindowsCim(output.stdout) : ({ ok: false, reason: output.reason } as const);
  const first = parsed.ok ? parsed.facts.processors[0] : undefined;
  const arch = first && first.architecture !== null ? ARCH[first.architecture] : undefined;
  const report = blankReport('win32', arch ?? options.fallbackArch ?? 'unknown', now);
  report.host.hostname = options.hostname ?? null;
  report.host.kernel = (parsed.ok ? parsed.facts.osVersion : null) ?? options.kernel ?? null;

  if (!parsed.ok) {
    report.unreadable.push(unreadableEntry(WINDOWS_SOURCE, parsed.reason));
    report.verdict = renderDecision(
      { code: 'unknown', key: 'win-unknown', params: { reason: { reason: parsed.reason } }, hints: [] },
      options.lang,
    );
    return report;
  }
  const f = parsed.facts;
  const manufacturer = first?.manufacturer ?? null;
  const vendor: HostReport['cpu']['vendor'] =
    manufacturer === 'GenuineIntel'
      ? 'intel'
      : manufacturer === 'AuthenticAMD'
        ? 'amd'
        : manufacturer && /qualcomm|arm|microsoft sq/i.test(manufacturer)
          ? 'arm'
          : manufacturer
            ? 'other'
            : null;
  const logical = f.processors.reduce<number | null>(
    (sum, p) => (sum === null || p.logicalProcessors === null ? null : sum + p.logicalProcessors),
    0,
  );
  report.cpu = {
    vendor,
    vendorId: manufacturer,
    model: first?.name ?? null,
    logicalCpus: f.processors.length ? logical : null,
  };

  const hv = f.hypervisorPresent;
  // With a hypervisor running, the processor's virtualization properties read False: unknown.
  const vmme: Tri = hv === true ? null : all(f.processors.map((p) => p.vmMonitorModeExtensions));
  const vfe: Tri = hv === true ? null : all(f.processors.map((p) => p.virtualizationFirmwareEnabled));
  const slat: Tri = hv === true ? null : all(f.processors.map((p) => p.slat));
  const ext = vendor === 'intel' ? 'vmx' : vendor === 'amd' ? 'svm' : null;
  report.virtualization.extension = vmme === true ? ext : null;
  report.virtualization.slat = slat === true ? (vendor === 'intel' ? 'ept' : vendor === 'amd' ? 'npt' : null) : null;
  const features: FeatureState[] = [];
  const add = (id: string, v: Tri, source: string) => {
    if (v !== null) features.push({ id, present: v, source });
  };
  add('VMMonitorModeExtensions', vmme, 'Win32_Processor');
  add('VirtualizationFirmwareEnabled', vfe, 'Win32_Processor');
  add('SecondLevelAddressTranslationExtensions', slat, 'Win32_Processor');
  add('HypervisorPresent', hv, 'Win32_ComputerSystem');
  report.virtualization.features = features;
  report.virtualization.disabledInFirmware =
    hv === true ? false : vfe === true ? false : vfe === false && vmme === true ? true : null;

  const guest = matchDmi(f.manufacturer, f.model);
  report.guest = {
    inVirtualMachine: guest ? true : f.manufacturer || f.model ? false : null,
    hypervisor: guest?.name ?? null,
  };

  const extParam = { term: ext ?? 'either' };
  let decision: Decision;
  if (hv === true) {
    decision = {
      code: 'hyperv-running',
      key: 'hyperv-running',
      hints: [{ key: 'win-hyperv-use' }, { key: 'win-hyperv-off' }],
    };
  } else if (vfe === true) {
    decision = { code: 'firmware-enabled', key: 'firmware-enabled', params: { ext: extParam }, hints: [] };
  } else if (vfe === false && vmme === true) {
    decision = {
      code: 'disabled-in-firmware',
      key: 'win-disabled-in-firmware',
      params: { ext: extParam },
      hints: [{ key: vendor === 'intel' ? 'firmware-intel' : vendor === 'amd' ? 'firmware-amd' : 'firmware-generic' }],
    };
  } else if (vmme === false) {
    decision =
      guest !== null
        ? {
            code: 'not-exposed-to-guest',
            key: 'not-exposed-to-guest',
            params: { hv: hvParam(guest.name), ext: extParam },
            hints: [{ key: nestedHintFor(guest.family) }],
          }
        : { code: 'unsupported', key: 'win-unsupported', hints: [] };
  } else {
    decision = {
      code: 'unknown',
      key: 'win-unknown',
      params: { reason: { reason: { code: 'no-processor-answer' } } },
      hints: [],
    };
  }
  report.verdict = renderDecision(decision, options.lang);
  report.platformDetails = windowsDetails(f, hv, vfe, vmme, slat, guest !== null);
  return report;
}

/** The platform section: what CIM said, and what cannot be known from inside Windows. */
function windowsDetails(f: WindowsFacts, hv: Tri, vfe: Tri, vmme: Tri, slat: Tri, inVm: boolean): PlatformDetails {
  const hyperV =
    f.hyperVInstallState === 1
      ? 'enabled'
      : f.hyperVInstallState === 2
        ? 'disabled'
        : f.hyperVInstallState === 3
          ? 'absent'
          : 'unknown';
  const vbs = f.vbsStatus === 0 ? 'off' : f.vbsStatus === 1 ? 'enabled' : f.vbsStatus === 2 ? 'running' : 'unknown';
  const cannotAnswer: PlatformLimit[] = [];
  if (hv === true) cannotAnswer.push('win-processor-hidden');
  if (hv === true || hyperV === 'enabled') cannotAnswer.push('win-nested-per-vm');
  if (inVm) cannotAnswer.push('win-outer-nesting');
  return {
    os: 'windows',
    windows: {
      hypervisorPresent: hv,
      hyperV,
      vbs,
      securityServices:
        f.securityServicesRunning === null
          ? null
          : f.securityServicesRunning.filter((n) => n !== 0).map((n) => SECURITY_SERVICES[n] ?? `service-${n}`),
      virtualizationFirmwareEnabled: vfe,
      vmMonitorModeExtensions: vmme,
      slat,
    },
    cannotAnswer,
  };
}

export async function probeWindows(run: CommandRunner, options: WindowsProbeOptions): Promise<HostReport> {
  const output = await run(powershellPath(), powershellArgs());
  return windowsReport(output, options);
}
