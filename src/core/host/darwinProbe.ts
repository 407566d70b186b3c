// The macOS probe: Hypervisor.framework availability (sysctl kern.hv_support) and the CPU
// (machdep.cpu.* on Intel, hw.optional.arm64 on Apple silicon), each from `sysctl -n <name>`
// run with execFile. The parser is pure: recorded outputs in, a report out.
import type { Lang } from '../language';
import type { CommandRunner, RunResult } from './commandRunner';
import { unreadableEntry, type Reason } from './reasons';
import { blankReport } from './reportBase';
import type { Decision } from './verdict';
import { renderDecision } from './verdict';
import type { FeatureState, HostReport } from './types';

export const SYSCTL = '/usr/sbin/sysctl';

export const DARWIN_KEYS = [
  'kern.hv_support',
  'kern.hv_vmm_present',
  'kern.osrelease',
  'hw.optional.arm64',
  'hw.logicalcpu',
  'machdep.cpu.brand_string',
  'machdep.cpu.vendor',
  'machdep.cpu.features',
] as const;

export type DarwinKey = (typeof DARWIN_KEYS)[number];

/** What each `sysctl -n <key>` printed, or why it failed. */
export type DarwinOutputs = Partial<Record<DarwinKey, RunResult>>;

function value(outputs: DarwinOutputs, key: DarwinKey): string | null {
  const r = outputs[key];
  if (!r || !r.ok) return null;
  const v = r.stdout.split('\u0000').join('').trim();
  return v === '' || v.length > 4096 ? null : v;
}

function flag01(v: string | null): boolean | null {
  if (v === '1') return true;
  if (v === '0') return false;
  return null;
}

export interface DarwinProbeOptions {
  lang: Lang;
  now?: Date;
  hostname?: string | null;
  /** process.arch, used only when sysctl says nothing about the CPU. */
  fallbackArch?: string;
}

/** Builds the report from recorded sysctl outputs. */
export function darwinReport(outputs: DarwinOutputs, options: DarwinProbeOptions): HostReport {
  const brand = value(outputs, 'machdep.cpu.brand_string');
  const cpuVendor = value(outputs, 'machdep.cpu.vendor');
  const arm64 = flag01(value(outputs, 'hw.optional.arm64'));
  const featuresText = value(outputs, 'machdep.cpu.features');
  const features = featuresText ? featuresText.split(/\s+/).filter((w) => /^[A-Za-z0-9_.]{1,32}$/.test(w)) : null;
  const hvSupport = flag01(value(outputs, 'kern.hv_support'));
  const vmmPresent = flag01(value(outputs, 'kern.hv_vmm_present'));
  const logical = Number(value(outputs, 'hw.logicalcpu'));

  const appleSilicon = arm64 === true || (brand !== null && /^Apple\b/.test(brand));
  const intel = !appleSilicon && (cpuVendor === 'GenuineIntel' || (brand !== null && /Intel/i.test(brand)));
  const amd = !appleSilicon && (cpuVendor === 'AuthenticAMD' || (brand !== null && /\bAMD\b/.test(brand)));

  const report = blankReport(
    'darwin',
    appleSilicon ? 'arm64' : intel || amd || features ? 'x64' : (options.fallbackArch ?? 'unknown'),
    options.now ?? new Date(),
  );
  report.host.kernel = value(outputs, 'kern.osrelease');
  report.host.hostname = options.hostname ?? null;
  report.cpu = {
    vendor: appleSilicon ? 'arm' : intel ? 'intel' : amd ? 'amd' : brand ? 'other' : null,
    vendorId: appleSilicon ? 'Apple' : cpuVendor,
    model: brand,
    logicalCpus: Number.isInteger(logical) && logical > 0 ? logical : null,
  };

  const featureStates: FeatureState[] = [];
  if (features) {
    const set = new Set(features);
    for (const id of ['VMX', 'VMM']) {
      featureStates.push({ id, present: set.has(id), source: 'sysctl machdep.cpu.features' });
    }
  }
  const hasVmx = features ? features.includes('VMX') : null;
  const hasVmm = features ? features.includes('VMM') : null;
  report.virtualization.extension = hasVmx ? (amd ? 'svm' : 'vmx') : null;
  report.virtualization.features = featureStates;

  const inVm = vmmPresent ?? hasVmm;
  report.guest.inVirtualMachine = inVm;

  // Failed sysctls worth showing: a key another architecture lacks is not a failure.
  for (const key of DARWIN_KEYS) {
    const r = outputs[key];
    if (!r || r.ok) continue;
    if (key === 'machdep.cpu.features' && appleSilicon) continue;
    if (key === 'machdep.cpu.vendor' && appleSilicon) continue;
    if (key === 'hw.optional.arm64' && !appleSilicon) continue;
    if (key === 'kern.hv_vmm_present') continue;
    report.unreadable.push(unreadableEntry(`sysctl -n ${key}`, r.reason));
  }

  let decision: Decision;
  if (hvSupport === true) {
    decision = { code: 'hvf-available', key: 'hvf-available', hints: [{ key: 'hvf-use' }] };
  } else if (hvSupport === false) {
    decision =
      inVm === true
        ? {
            code: 'hvf-unavailable',
            key: 'hvf-unavailable-guest',
            params: { ext: { term: appleSilicon ? 'arm64' : 'vmx' } },
            hints: [{ key: 'hvf-guest' }],
          }
        : { code: 'hvf-unavailable', key: 'hvf-unavailable', hints: [] };
  } else {
    const r = outputs['kern.hv_support'];
    const reason: Reason = r && !r.ok ? r.reason : { code: 'no-answer' };
    decision = { code: 'unknown', key: 'hvf-unknown', params: { reason: { reason } }, hints: [] };
  }
  report.verdict = renderDecision(decision, options.lang);
  report.platformDetails = {
    os: 'macos',
    macos: {
      hvSupport,
      appleSilicon: appleSilicon ? true : intel || amd ? false : arm64,
      inVm: vmmPresent,
    },
    // sysctl answers none of these; they are said, not left out.
    cannotAnswer: ['mac-nested', 'mac-iommu', 'mac-kvm'],
  };
  return report;
}

/** Runs the sysctls (in parallel, each on its own) and builds the report. */
export async function probeDarwin(run: CommandRunner, options: DarwinProbeOptions): Promise<HostReport> {
  const results = await Promise.all(DARWIN_KEYS.map((key) => run(SYSCTL, ['-n', key])));
  const outputs: DarwinOutputs = {};
  DARWIN_KEYS.forEach((key, i) => {
    outputs[key] = results[i];
  });
  return darwinReport(outputs, options);
}
