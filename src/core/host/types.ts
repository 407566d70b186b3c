// The host check's report: JSON, versioned, documented in the README. Everything in it is
// data read from the machine; nothing here is a guess (unknown is said as unknown).

import type { ReasonCode } from './reasons';
import type { DistroFamily } from './stackPackages';

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
    /**
     * Linux: whether a file in /etc/modprobe.d sets `options kvm_intel nested=1` (or kvm_amd),
     * so nesting survives a reboot; null when the directory could not be read. Added within v1.
     */
    nestedPersistent?: Tri;
    /** The modprobe.d file that sets it, when one does. */
    nestedPersistentFile?: string | null;
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
  /** Linux: IOMMU groups, their PCI devices and SR-IOV functions (added within v1). */
  passthrough?: PassthroughReport;
  /** Linux: huge pages, transparent huge pages, KSM and NUMA nodes (added within v1). */
  memory?: MemoryReport;
  /** Linux: whether the user is in the `kvm` and `libvirt` groups (added within v1). */
  access?: AccessReport;
  /** Linux: the virtualization tools on this machine, their versions, libvirt's sockets and UEFI firmware (added within v1). */
  stack?: StackReport;
  /** macOS and Windows: what the platform says about its hypervisor, and what it cannot say from inside (added within v1). */
  platformDetails?: PlatformDetails;
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

// --- Passthrough, memory and access (Linux; added within schema version 1) ---

/** Why the IOMMU is off, from the evidence the probe read (see the README for each fix). */
export type IommuOffReason =
  /** The kernel command line says `intel_iommu=off`, `amd_iommu=off` or `iommu=off`. */
  | 'disabled-in-cmdline'
  /** Intel: the DMAR table is there but the command line lacks `intel_iommu=on`. */
  | 'not-in-cmdline'
  /** Neither DMAR nor IVRS: firmware does not describe an IOMMU (VT-d / AMD-Vi off or absent). */
  | 'no-acpi-table'
  /** None of the above explains it (or the evidence could not be read). */
  | 'unknown';

/** One device in an IOMMU group. PCI fields are null when unreadable or not a PCI device. */
export interface PciDevice {
  /** The sysfs name: a PCI address `0000:01:00.0` for PCI devices. */
  address: string;
  pci: boolean;
  /** `0x030000`: class, subclass, programming interface. */
  classCode: string | null;
  className: string | null;
  vendorId: string | null;
  deviceId: string | null;
  /** From pci.ids when it lists them; null otherwise (the IDs still identify the device). */
  vendorName: string | null;
  deviceName: string | null;
  /** The driver bound now (basename of the `driver` link); null when none is bound or unknown. */
  driver: string | null;
  driverState: 'bound' | 'none' | 'unknown';
  /** `reset_method` (Linux 5.15+): flr, pm, bus…; [] when the device has none; null when unknown. */
  resetMethods: string[] | null;
  /** Set on an SR-IOV physical function. */
  sriov?: { totalVfs: number | null; numVfs: number | null; vfs: string[] };
  /** Set on an SR-IOV virtual function: its physical function's address. */
  physfn?: string;
}

export interface IommuGroup {
  /** The group number (directory name under /sys/kernel/iommu_groups). */
  id: number;
  /** The default domain type (`DMA`, `DMA-FQ`, `identity`…; Linux 5.11+), or null. */
  domainType: string | null;
  devices: PciDevice[];
  /**
   * Whether VFIO could take the group now: every device bound to a vfio driver or pci-stub, or
   * bound to no driver, or a PCI-to-PCI bridge (class 0x0604/0x0609) whatever its driver.
   * null when a device's driver could not be read.
   */
  viable: Tri;
  /** Devices that keep the group from being viable (bound to another driver). */
  blockers: string[];
}

export interface PassthroughReport {
  /** on: IOMMU groups exist; off: none; unknown: unreadable. */
  iommu: 'on' | 'off' | 'unknown';
  offReason: IommuOffReason | null;
  /** The kernel command line asks for passthrough mode (`iommu=pt` / `iommu.passthrough=1`). */
  passthroughMode: Tri;
  /** The IOMMU, huge-page and VFIO parameters of /proc/cmdline (only these, never the whole line). */
  cmdlineParams: string[] | null;
  /** The pci.ids file the names come from, or null when none was found. */
  pciIds: string | null;
  groups: IommuGroup[];
  /** Physical functions with SR-IOV, with their virtual functions. */
  sriov: { pf: string; totalVfs: number | null; numVfs: number | null; vfs: string[] }[];
}

export interface HugePageSize {
  sizeKb: number;
  /** Whether the CPU supports the size (x86: `pse` 2 MiB, `pdpe1gb` 1 GiB); null when not known. */
  cpuSupports: Tri;
  /** Configured (nr_hugepages) and free pages; null when the kernel does not offer the size. */
  total: number | null;
  free: number | null;
  perNode: { node: number; total: number | null; free: number | null }[];
}

export interface MemoryReport {
  hugePages: HugePageSize[];
  /** Transparent huge pages mode: the bracketed value of `enabled` (always, madvise, never). */
  thp: string | null;
  /** KSM: `run` (0 stopped, 1 running, 2 unmerging) and `pages_sharing`. */
  ksm: { run: number | null; pagesSharing: number | null };
  numa: { node: number; cpus: string | null; memTotalKb: number | null }[];
}

export interface GroupMembership {
  name: 'kvm' | 'libvirt';
  /** The group exists in /etc/group. */
  exists: Tri;
  /** The running process has the group (what counts now). */
  member: Tri;
  /** /etc/group lists the user in it (true with member false: log in again). */
  listed: Tri;
}

export interface AccessReport {
  /** null when the user's groups were not given (a copied tree is not this user's machine). */
  groups: GroupMembership[] | null;
}

// --- The virtualization stack (Linux; added within schema version 1) ---

export type StackToolKind = 'qemu-system' | 'qemu-img' | 'virsh' | 'libvirtd' | 'virtqemud' | 'swtpm' | 'virtiofsd';

export interface StackTool {
  kind: StackToolKind;
  /** The executable's name: `qemu-system-x86_64`, `virsh`… */
  name: string;
  /** qemu-system only: the emulated architecture (the name's suffix). */
  arch?: string;
  /** Where it was found (a PATH directory, or virtiofsd's fixed places); null when absent. */
  path: string | null;
  /** What `--version` printed (`7.2.22`); `unknown` when it was not run or said nothing usable; null when absent. */
  version: string | null;
  /** When absent: the package(s) that provide it on the detected distribution (alternatives after the first); null when the distribution is not known. */
  package: string[] | null;
}

export type SocketState = 'answers' | 'refused' | 'denied' | 'absent' | 'not-checked' | 'unknown';

export interface LibvirtSocket {
  path: string;
  /** system: `qemu:///system`; session: `qemu:///session` of this user. */
  scope: 'system' | 'session';
  /** answers: a connection was accepted (then closed); not-checked: a copied tree. */
  state: SocketState;
}

export interface FirmwareFile {
  path: string;
  exists: Tri;
}

/** One libvirt/QEMU firmware descriptor (`/usr/share/qemu/firmware/*.json`, `/etc/qemu/firmware`). */
export interface FirmwareDescriptor {
  file: string;
  description: string | null;
  /** `uefi`, `bios`… */
  interfaceTypes: string[];
  /** Target architectures (`x86_64`, `aarch64`). */
  architectures: string[];
  /** `flash`, `memory`, `kernel`. */
  device: string | null;
  executable: FirmwareFile | null;
  nvramTemplate: FirmwareFile | null;
  /** As listed: `secure-boot`, `enrolled-keys`, `requires-smm`, `amd-sev`… */
  features: string[];
}

export interface StackReport {
  /** From /etc/os-release (or /usr/lib/os-release). */
  os: { id: string | null; idLike: string[]; prettyName: string | null; family: DistroFamily | null };
  /** Whether `--version` was run: `not-run` for a copied tree (its programs are never run). */
  versions: 'run' | 'not-run';
  tools: StackTool[];
  sockets: LibvirtSocket[];
  firmware: FirmwareDescriptor[];
  /** Per architecture that matters here (the host's, and each emulator found): is a UEFI build present. */
  uefi: { arch: 'x86_64' | 'aarch64'; present: Tri; package: string[] | null }[];
}

// --- macOS and Windows details (added within schema version 1) ---

/** What a platform cannot tell from inside; each is worded in the README and the panel. */
export type PlatformLimit =
  'win-processor-hidden' | 'win-nested-per-vm' | 'win-outer-nesting' | 'mac-nested' | 'mac-iommu' | 'mac-kvm';

export interface PlatformDetails {
  os: 'windows' | 'macos';
  windows?: {
    hypervisorPresent: Tri;
    /** Win32_OptionalFeature Microsoft-Hyper-V InstallState: 1 enabled, 2 disabled, 3 absent. */
    hyperV: 'enabled' | 'disabled' | 'absent' | 'unknown';
    /** Win32_DeviceGuard VirtualizationBasedSecurityStatus: 0 off, 1 enabled but not running, 2 running. */
    vbs: 'off' | 'enabled' | 'running' | 'unknown';
    /** SecurityServicesRunning, by name (credential-guard, memory-integrity…); null when not read. */
    securityServices: string[] | null;
    virtualizationFirmwareEnabled: Tri;
    vmMonitorModeExtensions: Tri;
    slat: Tri;
  };
  macos?: {
    /** sysctl kern.hv_support: Hypervisor.framework can run guests. */
    hvSupport: Tri;
    /** hw.optional.arm64: Apple silicon. */
    appleSilicon: Tri;
    /** kern.hv_vmm_present: macOS itself runs in a VM. */
    inVm: Tri;
  };
  cannotAnswer: PlatformLimit[];
}
