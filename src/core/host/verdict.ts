// From the facts a probe gathered to a verdict: a code, one summary sentence and the hints
// that say what to do. Pure: the same facts always give the same verdict, in either language.
import type { Lang } from '../language';
import type { CpuArch } from './cpuinfoParser';
import type { HypervisorFamily } from './guestDetect';
import type { LogFindings } from './kernelLog';
import { isKnownHypervisorName } from './guestDetect';
import { machineText } from './machineText';
import { reasonText, type Reason } from './reasons';
import type { HostReport, Tri, VerdictCode } from './types';
import { hintText, summaryText, term, type Filled, type HintKey, type Params, type SummaryKey } from './verdictText';

/**
 * A value for a {placeholder}. Each kind says where the value came from, so text read from
 * the machine can never pass for the extension's own words or commands:
 * - a number;
 * - `term`: a word looked up per language (EXTENSION_NAMES);
 * - `known`: a fixed string of the extension's own (a hypervisor name from its DMI table);
 * - `ident`: identifiers such as a module name or an architecture, checked against IDENT
 *   (the only values allowed inside a command's code span; one that fails is shown as data);
 * - `data`: text from the machine or the OS, shown quoted and length-limited, never as code;
 * - `reason`: why something could not be read, in the sentence's language (reasons.ts), any
 *   text of the tool's own quoted as `data` is.
 */
export type Param =
  | number
  | { term: string }
  | { known: string }
  | { ident: string | readonly string[] }
  | { data: string }
  | { reason: Reason };

export interface Decision {
  code: VerdictCode;
  key: SummaryKey;
  params?: Record<string, Param>;
  hints: { key: HintKey; params?: Record<string, Param> }[];
}

export interface LinuxFacts {
  /** null when /proc/cpuinfo was read; otherwise why not. */
  cpuinfoFailure: Reason | null;
  arch: CpuArch | null;
  vendor: HostReport['cpu']['vendor'];
  vendorId: string | null;
  model: string | null;
  extension: 'vmx' | 'svm' | null;
  slat: 'ept' | 'npt' | null;
  hypervisorFlag: boolean | null;
  kvmDevice: HostReport['kvm']['device'];
  /** Loaded modules named kvm*. */
  kvmModules: string[];
  nested: Tri;
  iommu: HostReport['iommu'];
  sevFlag: Tri;
  kvmSev: Tri;
  inVm: Tri;
  hypervisorName: string | null;
  hypervisorFamily: HypervisorFamily | null;
  log: LogFindings;
  /** At least one kernel log file was read. */
  logReadable: boolean;
}

/** What an identifier may look like: kvm_intel, x64, linux, riscv64… */
const IDENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * Machine text as a quoted value (the same curly quotes read right in English and Chinese):
 * one line, limited, and with any backtick replaced by U+02CB, so it can never open or close
 * a code span in the sentence around it.
 */
export function quoteData(text: string): string {
  return `“${machineText(text).replace(/`/g, '\u02cb')}”`;
}

function renderParam(lang: Lang, p: Param): Filled {
  if (typeof p === 'number') return { text: String(p), code: true };
  if ('term' in p) return { text: term(lang, p.term), code: false };
  if ('known' in p) return { text: p.known, code: false };
  if ('ident' in p) {
    const ids = typeof p.ident === 'string' ? [p.ident] : p.ident;
    if (ids.length > 0 && ids.every((id) => IDENT.test(id))) return { text: ids.join(', '), code: true };
    return { text: quoteData(ids.join(', ')), code: false };
  }
  if ('reason' in p) return { text: reasonText(lang, p.reason, quoteData), code: false };
  return { text: quoteData(p.data), code: false };
}

function render(lang: Lang, params: Record<string, Param> | undefined): Params | undefined {
  if (!params) return undefined;
  const out: Params = {};
  for (const [k, v] of Object.entries(params)) out[k] = renderParam(lang, v);
  return out;
}

/** The decision in one language, as the report's verdict. */
export function renderDecision(decision: Decision, lang: Lang): HostReport['verdict'] {
  return {
    code: decision.code,
    key: decision.key,
    summary: summaryText(lang, decision.key, render(lang, decision.params)),
    hints: decision.hints.map((h) => hintText(lang, h.key, render(lang, h.params))),
  };
}

function extTerm(ext: 'vmx' | 'svm' | null, slat: 'ept' | 'npt' | null): { term: string } {
  if (ext === 'vmx') return { term: slat === 'ept' ? 'vmx-ept' : 'vmx' };
  if (ext === 'svm') return { term: slat === 'npt' ? 'svm-npt' : 'svm' };
  return { term: 'either' };
}

function vendorExt(vendor: LinuxFacts['vendor']): { term: string } {
  return { term: vendor === 'intel' ? 'vmx' : vendor === 'amd' ? 'svm' : 'either' };
}

function moduleFor(f: LinuxFacts): 'kvm_intel' | 'kvm_amd' | null {
  if (f.extension === 'vmx') return 'kvm_intel';
  if (f.extension === 'svm') return 'kvm_amd';
  if (f.vendor === 'intel') return 'kvm_intel';
  if (f.vendor === 'amd') return 'kvm_amd';
  return null;
}

/** The hypervisor's name: the extension's own when it is one of its known names, else quoted data. */
export function hvParam(name: string | null | undefined): Param {
  if (!name) return { term: 'hv-unknown' };
  return isKnownHypervisorName(name) ? { known: name } : { data: name };
}

/** The hint that says how to expose VT-x / AMD-V to this guest, for its hypervisor family. */
export function nestedHintFor(family: string | null | undefined): HintKey {
  switch (family) {
    case 'kvm':
      return 'nested-host-kvm';
    case 'hyperv':
      return 'nested-host-hyperv';
    case 'vmware':
      return 'nested-host-vmware';
    case 'virtualbox':
      return 'nested-host-virtualbox';
    case 'cloud':
      return 'nested-host-cloud';
    default:
      return 'nested-host-generic';
  }
}

function firmwareHint(vendor: LinuxFacts['vendor'] | 'intel' | 'amd' | null): HintKey {
  return vendor === 'intel' ? 'firmware-intel' : vendor === 'amd' ? 'firmware-amd' : 'firmware-generic';
}

/** Hints that apply when KVM works: nested off, IOMMU for passthrough, SEV off in KVM. */
function usableExtras(f: LinuxFacts): Decision['hints'] {
  const hints: Decision['hints'] = [];
  const mod = moduleFor(f);
  if (f.nested === false && mod) hints.push({ key: 'enable-nested', params: { module: { ident: mod } } });
  const x86 = f.arch === 'x64' || f.arch === 'ia32';
  if (x86 && f.inVm === false) {
    if (f.iommu.acpiTable === null && f.iommu.groups === 0) {
      hints.push({ key: 'iommu-firmware' });
    } else if (f.iommu.acpiTable !== null && f.iommu.groups === 0) {
      hints.push({ key: f.iommu.acpiTable === 'IVRS' ? 'iommu-cmdline-amd' : 'iommu-cmdline-intel' });
    }
  }
  if (f.sevFlag === true && f.kvmSev === false) hints.push({ key: 'sev-kvm-off' });
  return hints;
}

export function decideLinux(f: LinuxFacts): Decision {
  const x86 = f.arch === 'x64' || f.arch === 'ia32';
  const modules: Param = { ident: f.kvmModules.length ? f.kvmModules : ['kvm'] };

  // /dev/kvm first: whatever the flags say, a device this user can open is the answer.
  if (f.kvmDevice === 'usable') {
    if (x86 && f.extension === null && f.cpuinfoFailure === null) {
      return {
        code: 'kvm-usable',
        key: 'kvm-usable-no-extension',
        params: { modules },
        hints: [{ key: 'no-extension-tools' }],
      };
    }
    const ext: Param = f.arch === 'arm64' ? { term: 'arm64' } : extTerm(f.extension, f.slat);
    if (f.inVm === true) {
      return {
        code: 'kvm-usable',
        key: 'kvm-usable-nested',
        params: { ext, hv: hvParam(f.hypervisorName) },
        hints: usableExtras(f),
      };
    }
    return { code: 'kvm-usable', key: 'kvm-usable', params: { ext }, hints: usableExtras(f) };
  }
  if (f.kvmDevice === 'present') {
    return { code: 'kvm-no-permission', key: 'kvm-no-permission', hints: [{ key: 'usermod' }, { key: 'kvm-perms' }] };
  }

  // No usable device from here on (absent, or the check itself failed).
  if (f.cpuinfoFailure !== null) {
    return { code: 'unknown', key: 'cpuinfo-unreadable', params: { reason: { reason: f.cpuinfoFailure } }, hints: [] };
  }

  if (f.arch === 'arm') {
    return { code: 'unsupported', key: 'arm32', hints: [{ key: 'arm32-64bit' }] };
  }

  if (f.arch === 'arm64') {
    const kvmLoaded = f.kvmModules.includes('kvm');
    if (f.log.el2 === false) {
      if (f.inVm === true) {
        return {
          code: 'not-exposed-to-guest',
          key: 'not-exposed-to-guest',
          params: { hv: hvParam(f.hypervisorName), ext: { term: 'arm64' } },
          hints: [{ key: nestedHintFor(f.hypervisorFamily) }],
        };
      }
      return { code: 'unsupported', key: 'arm64-el1', hints: [{ key: 'arm64-el2' }] };
    }
    if (f.log.el2 === true && !kvmLoaded) {
      return { code: 'kvm-not-loaded', key: 'kvm-not-built-arm64', hints: [{ key: 'arm64-kernel-kvm' }] };
    }
    if (kvmLoaded && f.kvmDevice === 'absent' && f.inVm === true) {
      // KVM is built in but did not come up, inside a VM: the guest has no EL2.
      return {
        code: 'not-exposed-to-guest',
        key: 'not-exposed-to-guest',
        params: { hv: hvParam(f.hypervisorName), ext: { term: 'arm64' } },
        hints: [{ key: nestedHintFor(f.hypervisorFamily) }],
      };
    }
    return {
      code: 'unknown',
      key: 'arm64-no-kvm-unknown',
      hints: f.logReadable ? [{ key: 'arm64-kernel-kvm' }] : [{ key: 'arm64-read-log' }],
    };
  }

  if (!x86) {
    const device = f.kvmDevice === null ? 'device-unknown' : `device-${f.kvmDevice}`;
    return {
      code: 'unknown',
      key: 'arch-not-examined',
      params: { arch: { ident: f.arch ?? '?' }, device: { term: device } },
      hints: [],
    };
  }

  // x86 with the extension visible.
  if (f.extension !== null) {
    const mod = moduleFor(f) ?? 'kvm_intel';
    const ext = extTerm(f.extension, f.slat);
    const vendorModLoaded = f.kvmModules.includes(mod);
    if (f.log.firmwareDisabled === true && !vendorModLoaded) {
      // Older kernels keep vmx/svm in the flags and only KVM complains ("kvm: disabled by bios").
      return {
        code: 'disabled-in-firmware',
        key: 'disabled-in-firmware',
        params: { ext },
        hints: [{ key: firmwareHint(f.extension === 'vmx' ? 'intel' : 'amd') }],
      };
    }
    if (!vendorModLoaded) {
      const module: Param = { ident: mod };
      const hints: Decision['hints'] = [{ key: 'modprobe', params: { module } }, { key: 'modprobe-failed-log' }];
      return { code: 'kvm-not-loaded', key: 'kvm-not-loaded', params: { ext, module }, hints };
    }
    if (f.kvmDevice === 'absent') {
      return {
        code: 'unknown',
        key: 'kvm-device-missing',
        params: { module: { ident: mod } },
        hints: [{ key: 'container-device' }],
      };
    }
    return { code: 'unknown', key: 'kvm-device-unchecked', params: { module: { ident: mod } }, hints: [] };
  }

  // x86 without vmx/svm.
  if (f.inVm === true) {
    return {
      code: 'not-exposed-to-guest',
      key: 'not-exposed-to-guest',
      params: { hv: hvParam(f.hypervisorName), ext: vendorExt(f.vendor) },
      hints: [{ key: nestedHintFor(f.hypervisorFamily) }],
    };
  }
  if (f.log.firmwareDisabled === true) {
    const who = f.log.firmwareVendor ?? (f.vendor === 'intel' || f.vendor === 'amd' ? f.vendor : null);
    return {
      code: 'disabled-in-firmware',
      key: 'disabled-in-firmware',
      params: { ext: who === 'intel' ? { term: 'vmx' } : who === 'amd' ? { term: 'svm' } : { term: 'either' } },
      hints: [{ key: firmwareHint(who) }],
    };
  }
  const readLog: Decision['hints'] = f.logReadable ? [] : [{ key: 'read-log' }];
  const model: Param = { data: f.model ?? f.vendorId ?? '?' };
  if (f.vendor === 'intel') {
    return {
      code: 'unknown',
      key: 'vmx-absent-unknown',
      hints: [{ key: 'check-cpu-intel', params: { model } }, ...readLog],
    };
  }
  if (f.vendor === 'amd') {
    return {
      code: 'unknown',
      key: 'svm-absent-unknown',
      hints: [{ key: 'check-cpu-amd', params: { model } }, ...readLog],
    };
  }
  return {
    code: 'unknown',
    key: 'x86-extension-absent-unknown',
    params: { vendor: { data: f.vendorId ?? '?' } },
    hints: [{ key: 'firmware-generic' }, ...readLog],
  };
}

/**
 * What the evidence says about firmware: true when the log says it switched the extension
 * off, false when something proves it is on, null otherwise.
 */
export function firmwareState(f: LinuxFacts, vmxFlagsLine: boolean | null): Tri {
  if (f.log.firmwareDisabled === true && f.extension === null) return true;
  if (f.log.firmwareDisabled === true && !f.kvmModules.some((m) => m === 'kvm_intel' || m === 'kvm_amd')) return true;
  // The vmx flags line is printed only when VMX is enabled; a loaded vendor module only
  // loads when it can turn the extension on.
  if (f.extension === 'vmx' && vmxFlagsLine === true) return false;
  if (f.extension === 'vmx' && f.kvmModules.includes('kvm_intel')) return false;
  if (f.extension === 'svm' && f.kvmModules.includes('kvm_amd')) return false;
  return null;
}
