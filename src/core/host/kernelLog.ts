// Kernel log lines that settle what /proc and /sys cannot. Strings as the kernel prints them:
//  - arch/x86/kernel/cpu/feat_ctl.c (pr_fmt "x86/cpu: "): "VMX (%s TXT) disabled by BIOS"
//  - arch/x86/kernel/cpu/amd.c (6.x): "SVM disabled (by BIOS) in MSR_VM_CR"
//  - arch/x86/kvm/vmx/vmx.c: "VMX not enabled (by BIOS) in MSR_IA32_FEAT_CTL[ on CPU %d]",
//    older kvm: "kvm: disabled by bios", "kvm: disable TXT in the BIOS or activate TXT…"
//  - arch/x86/kvm/svm/svm.c: "SVM disabled (by BIOS) in MSR_VM_CR[ on CPU %d]"
//  - arch/arm64/kernel/smp.c: "CPU: All CPU(s) started at EL2" / "EL1",
//    "CPU: CPUs started in inconsistent modes"
//  - arch/arm64/kvm/arm.c: "kvm [1]: Hyp mode initialized successfully" (nVHE),
//    "… VHE mode initialized successfully", "… Hyp nVHE mode …", "… Protected nVHE mode …"
//  - arch/x86/kernel/cpu/hypervisor.c: "Hypervisor detected: KVM"
import type { Evidence, Tri } from './types';

export interface LogFindings {
  /** Firmware switched VT-x / AMD-V off (true), or nothing said so (null). */
  firmwareDisabled: true | null;
  firmwareVendor: 'intel' | 'amd' | null;
  /** arm64: the CPUs started at EL2 (true), at EL1 (false), or the log does not say (null). */
  el2: Tri;
  /** arm64 KVM came up in VHE mode (true), in nVHE mode (false), or the log does not say (null). */
  vhe: Tri;
  /** arm64 KVM initialised successfully according to the log. */
  armKvmInitialized: boolean;
  /** "Hypervisor detected: X" from the x86 boot log. */
  hypervisor: string | null;
  evidence: Evidence[];
}

interface Pattern {
  re: RegExp;
  apply(f: LogFindings, m: RegExpExecArray): void;
}

function intel(f: LogFindings): void {
  f.firmwareDisabled = true;
  f.firmwareVendor = 'intel';
}

function amd(f: LogFindings): void {
  f.firmwareDisabled = true;
  f.firmwareVendor = 'amd';
}

const PATTERNS: Pattern[] = [
  { re: /VMX \((?:inside|outside) TXT\) disabled by BIOS/, apply: intel },
  { re: /VMX not enabled \(by BIOS\) in MSR_IA32_FEAT_CTL/, apply: intel },
  { re: /kvm: disable TXT in the BIOS or activate TXT before enabling KVM/, apply: intel },
  { re: /SVM disabled \(by BIOS\) in MSR_VM_CR/, apply: amd },
  {
    re: /kvm: disabled by bios/i,
    apply: (f) => {
      f.firmwareDisabled = true;
    },
  },
  {
    re: /kvm \[\d+\]: (?:(Protected nVHE|Hyp nVHE|nVHE|Hyp)|(VHE)) mode initialized successfully/,
    apply: (f, m) => {
      f.armKvmInitialized = true;
      f.vhe = m[2] ? true : false;
      f.el2 = true;
    },
  },
  {
    re: /Hypervisor detected: ([^\r\n]{1,60})/,
    apply: (f, m) => {
      f.hypervisor = (m[1] ?? '').trim() || null;
    },
  },
  // Both lines may be in a log of several boots: the later one is the current boot's.
  {
    re: /CPU: All CPU\(s\) started at EL([12])/,
    apply: (f, m) => {
      if (f.armKvmInitialized) return; // KVM running proves EL2 whatever an older line says
      f.el2 = m[1] === '2';
    },
  },
];

/** Cheap literal pre-checks, so megabytes of log are not run through every regex. */
const NEEDLES = [
  'disabled by BIOS',
  'not enabled (by BIOS)',
  'disabled (by BIOS)',
  'activate TXT',
  'disabled by bios',
  'started at EL',
  'mode initialized successfully',
  'Hypervisor detected',
];

export function emptyFindings(): LogFindings {
  return {
    firmwareDisabled: null,
    firmwareVendor: null,
    el2: null,
    vhe: null,
    armKvmInitialized: false,
    hypervisor: null,
    evidence: [],
  };
}

/** Scans one log's text and adds what it finds to `into` (later logs add, never erase). */
export function scanKernelLog(text: string, source: string, into: LogFindings = emptyFindings()): LogFindings {
  if (!NEEDLES.some((n) => text.includes(n))) return into;
  const seen = new Set(into.evidence.map((e) => e.text));
  for (const p of PATTERNS) {
    const re = new RegExp(p.re.source, p.re.flags.includes('g') ? p.re.flags : p.re.flags + 'g');
    let last: RegExpExecArray | null = null;
    let m: RegExpExecArray | null;
    // The last match is the newest boot's.
    while ((m = re.exec(text)) !== null) last = m;
    if (!last) continue;
    p.apply(into, last);
    const start = text.lastIndexOf('\n', last.index) + 1;
    let end = text.indexOf('\n', last.index);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 300)).trim();
    if (!seen.has(line) && into.evidence.length < 12) {
      seen.add(line);
      into.evidence.push({ source, text: line });
    }
  }
  return into;
}
