// The host check's report: JSON, versioned, documented in the README. Everything in it is
// data read from the machine; nothing here is a guess (unknown is said as unknown).

import type { ReasonCode } from './reasons';

export const HOST_REPORT_SCHEMA_VERSION = 1;

/** Verdicts of the Linux probe (documented in the README). */
export const LINUX_VERDICT_CODES = [
  'kvm-usable',
  'kvm-no-permission',
  'kvm-not-loaded',
  'disabled-in-firmware',
  'not-exposed-to-guest',
  'unsupported',
  'unknown',
] as const;

/** Verdicts of the macOS and Windows probes, and of the web worker host, which cannot see the machine. */
export const OTHER_VERDICT_CODES = [
  'hvf-available',
  'hvf-unavailable',
  'hyperv-running',
  'firmware-enabled',
  'no-host-access',
] as const;

export type VerdictCode = (typeof LINUX_VERDICT_CODES)[number] | (typeof OTHER_VERDICT_CODES)[number];

/** Where a fact came from: a file path relative to the probed root, or a command. */
export type Source = string;

export interface FeatureState {
  /** The kernel's name, e.g. `ept`, `unrestricted_guest`. */
  id: string;
  present: boolean;
  /** `/proc/cpuinfo flags`, `/proc/cpuinfo vmx flags`, a sysfs path, a command… */
  source: Source;
  /** Which cpuinfo line the name belongs to, for joining content/cpu-flags.yaml (flag + line). */
  line?: 'flags' | 'vmx flags';
  /** Whose feature this is, where a name means different things (vnmi: Intel vmx flags vs AMD flags). */
  vendor?: 'intel' | 'amd';
}

/** A line of kernel log (or other text) that a conclusion rests on. */
export interface Evidence {
  source: Source;
  text: string;
}

export type Tri = boolean | null; // null = unknown

export interface HostReport {
  schemaVersion: typeof HOST_REPORT_SCHEMA_VERSION;
  /** ISO time the probe ran. */
  probedAt: string;
  host: {
    platform: string; // process.platform, or 'linux' when a root is probed
    arch: string; // 'x64' | 'arm64' | 'arm' | …; follows cpuinfo when a root is probed
    kernel: string | null; // e.g. /proc/sys/kernel/osrelease
    hostname: string | null;
    /** Set in a remote window: what VS Code calls the remote (ssh-remote, wsl, …). */
    remoteName?: string | null;
    /**
     * The absolute path of the copied tree that was probed instead of this machine
     * (`virtkit.hostCheck.root` or `probeHost({ root })`); null when the report is of this
     * machine. Added within schema version 1: older reports lack it, which means null.
     */
    probedRoot?: string | null;
  };
  cpu: {
    vendor: 'intel' | 'amd' | 'arm' | 'other' | null;
    vendorId: string | null; // as printed: GenuineIntel, AuthenticAMD, 0x41 …
    model: string | null;
    logicalCpus: number | null;
  };
  virtualization: {
    extension: 'vmx' | 'svm' | null;
    slat: 'ept' | 'npt' | null;
    features: FeatureState[];
    /** Evidence that the extension exists but firmware switched it off. */
    disabledInFirmware: Tri;
    /** arm64: what the kernel log says about EL2 / VHE, when readable. */
    arm?: { el2: Tri; vhe: Tri } | null;
    /** Linux: whether cpuinfo printed a `vmx flags` line (printed only while VMX is enabled). */
    vmxFlagsLine?: boolean | null;
    /** Kernel log lines behind disabledInFirmware / arm (only when a log was readable). */
    evidence?: Evidence[];
  };
  kvm: {
    device: 'absent' | 'present' | 'usable' | null;
    module: 'kvm_intel' | 'kvm_amd' | 'kvm' | null; // kvm = built in / arm64
    nested: Tri;
    /** Linux: every loaded module whose name starts with kvm (kvm, kvm_intel, kvm_pvm…). */
    modules?: string[];
  };
  iommu: {
    /** ACPI table found: DMAR (Intel VT-d) or IVRS (AMD-Vi). */
    acpiTable: 'DMAR' | 'IVRS' | null;
    /** Entries of /sys/class/iommu. */
    units: number | null;
    /** Entries of /sys/kernel/iommu_groups: > 0 means the kernel enabled the IOMMU. */
    groups: number | null;
  };
  confidential: {
    sev: Tri;
    sevEs: Tri;
    sevSnp: Tri;
    tdx: Tri;
    /** KVM module parameters (kvm_amd sev / sev_es / sev_snp, kvm_intel tdx) when readable. */
    kvmEnabled: { sev: Tri; sevEs: Tri; sevSnp: Tri; tdx: Tri };
  };
  guest: {
    inVirtualMachine: Tri;
    /** DMI vendor / product or the hypervisor CPUID vendor when known (KVM, VMware, Microsoft Hyper-V …). */
    hypervisor: string | null;
  };
  verdict: {
    code: VerdictCode;
    /** Which sentence of the text table the summary is (stable across languages), e.g. `vmx-absent-unknown`. */
    key?: string;
    /** One sentence in the report's language. */
    summary: string;
    /** What to do, each a sentence in the report's language; commands as `code`. */
    hints: string[];
  };
  /**
   * Files or commands that could not be read, and why (missing, permission, too large…).
   * `reason` is the English sentence; `reasonCode` (one of REASON_CODES) with its number and
   * the tool's own text lets a reader put it in another language. The three were added within
   * schema version 1: older reports have `reason` only.
   */
  unreadable: {
    source: Source;
    reason: string;
    reasonCode?: ReasonCode;
    reasonNumber?: number;
    reasonDetail?: string;
  }[];
}
