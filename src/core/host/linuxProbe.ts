// The Linux probe: reads /proc and /sys (and, where readable, the kernel log files) through a
// HostFs, once each and all at once, and turns what it finds into a HostReport. Runs no command
// itself (the tool versions of the stack section come through the injected StackEnv, which only
// the probe of this machine gets), never needs root, never throws.
import { constants } from 'node:fs';
import type { Lang } from '../language';
import { parseCpuinfo, type CpuinfoFacts } from './cpuinfoParser';
import { familyOfName, matchDmi, type HypervisorFamily } from './guestDetect';
import { MAX_READ_BYTES, isMissing, type FsResult, type HostFs, type TextRead } from './hostFs';
import { emptyFindings, scanKernelLog } from './kernelLog';
import {
  DEEP_PATHS,
  probeAccess,
  probeMemory,
  probeNestedPersistent,
  probePassthrough,
  type ProbeUser,
} from './linuxDeepProbe';
import { knownFlags } from './knownFlags';
import { DEFAULT_DIRS, probeStack, type StackEnv } from './stackProbe';
import { unreadableEntry, type Reason } from './reasons';
import { decideLinux, firmwareState, renderDecision, type LinuxFacts } from './verdict';
import { HOST_REPORT_SCHEMA_VERSION, type FeatureState, type HostReport, type Source, type Tri } from './types';

export interface LinuxProbeOptions {
  fs: HostFs;
  lang: Lang;
  /** Arch to report when cpuinfo says nothing; a probed root (a copied tree) gives none. */
  fallbackArch?: string | null;
  now?: Date;
  /** Whose `kvm` / `libvirt` membership to check; null or absent: not checked. */
  user?: ProbeUser | null;
  /**
   * How the tool stack is looked for. Absent: in the probed tree's usual directories, with no
   * program run and no socket tried (what a copied tree gets).
   */
  stack?: StackEnv;
}

export const PATHS = {
  cpuinfo: '/proc/cpuinfo',
  osrelease: '/proc/sys/kernel/osrelease',
  hostname: '/proc/sys/kernel/hostname',
  kvmDevice: '/dev/kvm',
  modules: '/sys/module',
  nestedIntel: '/sys/module/kvm_intel/parameters/nested',
  nestedAmd: '/sys/module/kvm_amd/parameters/nested',
  sev: '/sys/module/kvm_amd/parameters/sev',
  sevEs: '/sys/module/kvm_amd/parameters/sev_es',
  sevSnp: '/sys/module/kvm_amd/parameters/sev_snp',
  tdx: '/sys/module/kvm_intel/parameters/tdx',
  dmar: '/sys/firmware/acpi/tables/DMAR',
  ivrs: '/sys/firmware/acpi/tables/IVRS',
  iommuClass: '/sys/class/iommu',
  iommuGroups: '/sys/kernel/iommu_groups',
  sysVendor: '/sys/class/dmi/id/sys_vendor',
  productName: '/sys/class/dmi/id/product_name',
  sysHypervisorType: '/sys/hypervisor/type',
  logs: ['/var/log/kern.log', '/var/log/dmesg', '/var/log/messages'],
} as const;

const SMALL = 4096;
/** The newest part of each log file that is searched. */
const LOG_TAIL = 2 * 1024 * 1024;

/** Linux versions from which a missing flag means "absent" rather than "kernel too old to say". */
const FLAG_SINCE: Record<string, [number, number]> = {
  sev: [5, 0],
  sev_es: [5, 11],
  sev_snp: [6, 0],
  tdx_host_platform: [6, 9],
};

type Unreadable = HostReport['unreadable'];

function note(unreadable: Unreadable, source: Source, reason: Reason): void {
  const entry = unreadableEntry(source, reason);
  if (!unreadable.some((u) => u.source === source && u.reason === entry.reason)) unreadable.push(entry);
}

/** True for text a sysfs value never holds: control characters or undecodable bytes. */
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c === 0xfffd) return true;
  }
  return false;
}

/** First line of a small sysfs/procfs file, or null (noting why, unless a missing file is normal). */
function firstLine(
  r: FsResult<TextRead>,
  source: Source,
  unreadable: Unreadable,
  missingIsNormal: boolean,
): string | null {
  if (!r.ok) {
    if (!(missingIsNormal && isMissing(r.reason))) note(unreadable, source, r.reason);
    return null;
  }
  const line = r.value.text.split(/\r?\n/)[0]?.trim() ?? '';
  if (line === '') {
    note(unreadable, source, { code: 'empty' });
    return null;
  }
  // Printable text only, and not too much of it.
  if (hasControlChars(line)) {
    note(unreadable, source, { code: 'unexpected-content' });
    return null;
  }
  return line.slice(0, 200);
}

/** A kernel module boolean parameter: Y/N or 1/0. */
function boolParam(r: FsResult<TextRead>, source: Source, unreadable: Unreadable): Tri {
  const v = firstLine(r, source, unreadable, true);
  if (v === null) return null;
  if (/^(Y|y|1)$/.test(v)) return true;
  if (/^(N|n|0)$/.test(v)) return false;
  note(unreadable, source, { code: 'unexpected-content' });
  return null;
}

function kernelVersion(release: string | null): [number, number] | null {
  const m = release?.match(/^(\d+)\.(\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function atLeast(v: [number, number] | null, min: [number, number]): boolean {
  return v !== null && (v[0] > min[0] || (v[0] === min[0] && v[1] >= min[1]));
}

/** A confidential-computing flag: present, absent, or unknown (kernel too old to print it). */
function ccFlag(cpu: CpuinfoFacts, flag: string, owner: 'intel' | 'amd', kernel: [number, number] | null): Tri {
  if (cpu.flags === null) {
    // Non-x86 machines have none of these; an unreadable cpuinfo says nothing.
    return cpu.arch !== null ? false : null;
  }
  if (cpu.flags.has(flag)) return true;
  const isOwner = owner === 'intel' ? cpu.vendor === 'intel' : cpu.vendor === 'amd' || cpu.vendorId === 'HygonGenuine';
  if (!isOwner && (cpu.vendor === 'intel' || cpu.vendor === 'amd')) return false;
  const since = FLAG_SINCE[flag];
  return since && atLeast(kernel, since) ? false : null;
}

function buildFeatures(cpu: CpuinfoFacts): FeatureState[] {
  const features: FeatureState[] = [];
  const { intel: INTEL_FLAGS, amd: AMD_FLAGS, any: ANY_FLAGS, vmx: VMX_FLAGS } = knownFlags();
  if (cpu.flags) {
    const flags = cpu.flags;
    const source = '/proc/cpuinfo flags';
    const lists: { ids: readonly string[]; vendor?: 'intel' | 'amd' }[] = [];
    const amdLike = cpu.vendor === 'amd' || cpu.vendorId === 'HygonGenuine';
    if (cpu.vendor === 'intel') lists.push({ ids: INTEL_FLAGS, vendor: 'intel' });
    else if (amdLike) lists.push({ ids: AMD_FLAGS, vendor: 'amd' });
    else lists.push({ ids: INTEL_FLAGS, vendor: 'intel' }, { ids: AMD_FLAGS, vendor: 'amd' });
    lists.push({ ids: ANY_FLAGS });
    const listed = new Set<string>();
    for (const { ids, vendor } of lists) {
      for (const id of ids) {
        const key = `${vendor ?? ''}:${id}`;
        if (listed.has(key)) continue;
        listed.add(key);
        features.push({ id, present: flags.has(id), source, line: 'flags', ...(vendor ? { vendor } : {}) });
      }
    }
    // Another vendor's names that are present anyway (odd CPUs, synthetic flags).
    const named = new Set(features.map((f) => f.id));
    for (const [ids, vendor] of [
      [INTEL_FLAGS, 'intel'],
      [AMD_FLAGS, 'amd'],
    ] as const) {
      for (const id of ids) {
        if (!named.has(id) && flags.has(id)) features.push({ id, present: true, source, line: 'flags', vendor });
      }
    }
  }
  if (cpu.vmxFlags) {
    const source = '/proc/cpuinfo vmx flags';
    const printed = new Set(cpu.vmxFlags);
    for (const id of VMX_FLAGS)
      features.push({ id, present: printed.has(id), source, line: 'vmx flags', vendor: 'intel' });
    for (const id of cpu.vmxFlags) {
      if (!VMX_FLAGS.includes(id)) features.push({ id, present: true, source, line: 'vmx flags', vendor: 'intel' });
    }
  }
  return features;
}

function countEntries(r: FsResult<string[]>, source: Source, unreadable: Unreadable): number | null {
  if (!r.ok) {
    note(unreadable, source, r.reason);
    return null;
  }
  return r.value.length;
}

export async function probeLinux(options: LinuxProbeOptions): Promise<HostReport> {
  const { fs, lang } = options;
  const unreadable: Unreadable = [];
  const read = (p: string, max: number, tail = false) => fs.readText(p, max, tail ? { tail: true } : undefined);

  // The deeper reads that need nothing from the batch below start now, alongside it; each
  // keeps its own list of failures, merged in a fixed order so the report is stable.
  let cpuKnown: (cpu: CpuinfoFacts) => void = () => undefined;
  let moduleKnown: (m: 'kvm_intel' | 'kvm_amd' | null) => void = () => undefined;
  const cpuReady = new Promise<CpuinfoFacts>((resolve) => (cpuKnown = resolve));
  const moduleReady = new Promise<'kvm_intel' | 'kvm_amd' | null>((resolve) => (moduleKnown = resolve));
  const memoryUnreadable: Unreadable = [];
  const accessUnreadable: Unreadable = [];
  const stackUnreadable: Unreadable = [];
  const early = Promise.all([
    probeMemory(fs, cpuReady, memoryUnreadable),
    probeNestedPersistent(fs, moduleReady),
    probeAccess(fs, options.user ?? null, accessUnreadable),
    // The tool versions run as processes: started first, they overlap with every read below.
    probeStack(
      fs,
      options.stack ?? { searchDirs: DEFAULT_DIRS, runtimeDir: null },
      cpuReady.then((c) => c.arch ?? options.fallbackArch ?? null),
      stackUnreadable,
    ),
  ]);
  // Handled below; this only keeps a failure from being "unhandled" if the batch throws first.
  early.catch(() => undefined);

  const [
    cpuinfoR,
    osreleaseR,
    hostnameR,
    kvmExists,
    kvmAccess,
    modulesR,
    nestedIntelR,
    nestedAmdR,
    sevR,
    sevEsR,
    sevSnpR,
    tdxR,
    dmarR,
    ivrsR,
    iommuClassR,
    iommuGroupsR,
    sysVendorR,
    productNameR,
    sysHypR,
    cmdlineR,
    ...logRs
  ] = await Promise.all([
    read(PATHS.cpuinfo, MAX_READ_BYTES),
    read(PATHS.osrelease, SMALL),
    read(PATHS.hostname, SMALL),
    fs.exists(PATHS.kvmDevice),
    // Asked alongside, not after: one round trip less on the way to the report (used only
    // when the device exists).
    fs.access(PATHS.kvmDevice, constants.R_OK | constants.W_OK),
    fs.list(PATHS.modules),
    read(PATHS.nestedIntel, SMALL),
    read(PATHS.nestedAmd, SMALL),
    read(PATHS.sev, SMALL),
    read(PATHS.sevEs, SMALL),
    read(PATHS.sevSnp, SMALL),
    read(PATHS.tdx, SMALL),
    fs.exists(PATHS.dmar),
    fs.exists(PATHS.ivrs),
    fs.list(PATHS.iommuClass),
    fs.list(PATHS.iommuGroups),
    read(PATHS.sysVendor, SMALL),
    read(PATHS.productName, SMALL),
    read(PATHS.sysHypervisorType, SMALL),
    read(DEEP_PATHS.cmdline, SMALL),
    ...PATHS.logs.map((p) => read(p, LOG_TAIL, true)),
  ]);

  // CPU.
  let cpu: CpuinfoFacts = parseCpuinfo('');
  let cpuinfoFailure: Reason | null = null;
  if (cpuinfoR.ok) {
    cpu = parseCpuinfo(cpuinfoR.value.text);
    if (cpuinfoR.value.truncated)
      note(unreadable, PATHS.cpuinfo, { code: 'truncated', n: MAX_READ_BYTES / (1024 * 1024) });
    if (cpuinfoR.value.text.trim() === '') {
      cpuinfoFailure = { code: 'empty' };
      note(unreadable, PATHS.cpuinfo, cpuinfoFailure);
    } else if (cpu.arch === null && cpu.vendorId === null && cpu.logicalCpus === null) {
      cpuinfoFailure = { code: 'unrecognised-content' };
      note(unreadable, PATHS.cpuinfo, cpuinfoFailure);
    }
  } else {
    cpuinfoFailure = cpuinfoR.reason;
    note(unreadable, PATHS.cpuinfo, cpuinfoR.reason);
  }

  const kernel = firstLine(osreleaseR, PATHS.osrelease, unreadable, false);
  const hostname = firstLine(hostnameR, PATHS.hostname, unreadable, false);
  const kver = kernelVersion(kernel);

  const flags = cpu.flags;
  const vmxFlags = cpu.vmxFlags;
  const extension: 'vmx' | 'svm' | null = flags?.has('vmx') ? 'vmx' : flags?.has('svm') ? 'svm' : null;
  const slat: 'ept' | 'npt' | null =
    flags?.has('ept') || vmxFlags?.includes('ept') ? 'ept' : flags?.has('npt') ? 'npt' : null;
  const hypervisorFlag: boolean | null = flags ? flags.has('hypervisor') : null;

  // KVM.
  let kvmModules: string[] = [];
  if (modulesR.ok) {
    // Module names are identifiers; a directory named otherwise is not a module the report trusts.
    kvmModules = modulesR.value.filter((m) => /^kvm(?:_[a-z0-9_]{1,60})?$/.test(m)).sort();
  } else {
    note(unreadable, PATHS.modules, modulesR.reason);
  }
  let device: HostReport['kvm']['device'] = null;
  if (!kvmExists.ok) {
    note(unreadable, PATHS.kvmDevice, kvmExists.reason);
  } else if (!kvmExists.value) {
    device = 'absent';
  } else {
    const access = kvmAccess;
    if (access.ok) device = access.value ? 'usable' : 'present';
    else {
      device = 'present';
      note(unreadable, PATHS.kvmDevice, access.reason);
    }
  }
  const module: HostReport['kvm']['module'] = kvmModules.includes('kvm_intel')
    ? 'kvm_intel'
    : kvmModules.includes('kvm_amd')
      ? 'kvm_amd'
      : kvmModules.includes('kvm')
        ? 'kvm'
        : null;
  const nestedIntel = boolParam(nestedIntelR, PATHS.nestedIntel, unreadable);
  const nestedAmd = boolParam(nestedAmdR, PATHS.nestedAmd, unreadable);
  const nested: Tri =
    module === 'kvm_intel' ? nestedIntel : module === 'kvm_amd' ? nestedAmd : (nestedIntel ?? nestedAmd);

  // IOMMU.
  const tableExists = (r: FsResult<boolean>, source: Source): Tri => {
    if (r.ok) return r.value;
    note(unreadable, source, r.reason);
    return null;
  };
  const dmar = tableExists(dmarR, PATHS.dmar);
  const ivrs = tableExists(ivrsR, PATHS.ivrs);
  const iommu: HostReport['iommu'] = {
    acpiTable: dmar ? 'DMAR' : ivrs ? 'IVRS' : null,
    units: countEntries(iommuClassR, PATHS.iommuClass, unreadable),
    groups: countEntries(iommuGroupsR, PATHS.iommuGroups, unreadable),
  };

  // Kernel logs.
  const log = emptyFindings();
  let logReadable = false;
  logRs.forEach((r, i) => {
    const source = PATHS.logs[i] ?? '?';
    if (r.ok) {
      logReadable = true;
      scanKernelLog(r.value.text, source, log);
    } else {
      note(unreadable, source, r.reason);
    }
  });

  // Guest.
  const sysVendor = firstLine(sysVendorR, PATHS.sysVendor, unreadable, false);
  const productName = firstLine(productNameR, PATHS.productName, unreadable, false);
  const sysHyp = firstLine(sysHypR, PATHS.sysHypervisorType, unreadable, true);
  const dmi = matchDmi(sysVendor, productName);
  let hypervisorName: string | null = dmi?.name ?? null;
  let hypervisorFamily: HypervisorFamily | null = dmi?.family ?? null;
  if (!hypervisorName && sysHyp) {
    hypervisorName = sysHyp === 'xen' ? 'Xen' : sysHyp;
    hypervisorFamily = familyOfName(sysHyp);
  }
  if (!hypervisorName && log.hypervisor && hypervisorFlag) {
    hypervisorName = log.hypervisor;
    hypervisorFamily = familyOfName(log.hypervisor);
  }
  let inVm: Tri = null;
  if (hypervisorFlag === true || dmi !== null || sysHyp !== null) inVm = true;
  else if (hypervisorFlag === false) inVm = false;
  else if (sysVendor !== null || productName !== null) inVm = false;

  // Confidential computing.
  const confidential: HostReport['confidential'] = {
    sev: ccFlag(cpu, 'sev', 'amd', kver),
    sevEs: ccFlag(cpu, 'sev_es', 'amd', kver),
    sevSnp: ccFlag(cpu, 'sev_snp', 'amd', kver),
    tdx: ccFlag(cpu, 'tdx_host_platform', 'intel', kver),
    kvmEnabled: {
      sev: boolParam(sevR, PATHS.sev, unreadable),
      sevEs: boolParam(sevEsR, PATHS.sevEs, unreadable),
      sevSnp: boolParam(sevSnpR, PATHS.sevSnp, unreadable),
      tdx: boolParam(tdxR, PATHS.tdx, unreadable),
    },
  };

  const facts: LinuxFacts = {
    cpuinfoFailure,
    arch: cpu.arch,
    vendor: cpu.vendor,
    vendorId: cpu.vendorId,
    model: cpu.model,
    extension,
    slat,
    hypervisorFlag,
    kvmDevice: device,
    kvmModules,
    nested,
    iommu,
    sevFlag: confidential.sev,
    kvmSev: confidential.kvmEnabled.sev,
    inVm,
    hypervisorName,
    hypervisorFamily,
    log,
    logReadable,
  };

  const vmxFlagsLine: boolean | null = flags === null ? null : vmxFlags !== null;
  const isX86 = cpu.arch === 'x64' || cpu.arch === 'ia32';

  cpuKnown(cpu);
  moduleKnown(module === 'kvm_intel' || module === 'kvm_amd' ? module : null);
  const [passthrough, [memory, nestedSetup, access, stack]] = await Promise.all([
    probePassthrough(
      fs,
      { groupsListing: iommuGroupsR, cmdline: cmdlineR, acpi: { dmar, ivrs }, x86: isX86 },
      unreadable,
    ),
    early,
  ]);
  for (const u of [...memoryUnreadable, ...accessUnreadable, ...stackUnreadable])
    if (!unreadable.some((x) => x.source === u.source && x.reason === u.reason)) unreadable.push(u);

  return {
    schemaVersion: HOST_REPORT_SCHEMA_VERSION,
    probedAt: (options.now ?? new Date()).toISOString(),
    host: {
      platform: 'linux',
      arch: cpu.arch ?? options.fallbackArch ?? 'unknown',
      kernel,
      hostname,
      probedRoot: null,
    },
    cpu: {
      vendor: cpu.vendor,
      vendorId: cpu.vendorId,
      model: cpu.model,
      logicalCpus: cpu.logicalCpus,
    },
    virtualization: {
      extension,
      slat,
      features: buildFeatures(cpu),
      disabledInFirmware: isX86 ? firmwareState(facts, vmxFlagsLine) : null,
      arm: cpu.arch === 'arm64' ? { el2: log.el2, vhe: log.vhe } : null,
      vmxFlagsLine: isX86 ? vmxFlagsLine : null,
      ...(log.evidence.length ? { evidence: log.evidence } : {}),
    },
    kvm: { device, module, nested, modules: kvmModules, ...nestedSetup },
    iommu,
    confidential,
    guest: { inVirtualMachine: inVm, hypervisor: hypervisorName },
    verdict: renderDecision(decideLinux(facts), lang),
    passthrough,
    memory,
    access,
    stack,
    unreadable,
  };
}
