// A report with nothing known yet, for the probes that know little (macOS, Windows) and for
// the cases where nothing could be examined.
import type { Lang } from '../language';
import { renderDecision, type Decision } from './verdict';
import { unreadableEntry, type Reason } from './reasons';
import { HOST_REPORT_SCHEMA_VERSION, type HostReport } from './types';

/** The source of a failure of the probe itself (not a file or a command); pages name it in their language. */
export const HOST_CHECK_SOURCE = 'host check';

export function blankReport(platform: string, arch: string, now: Date): HostReport {
  return {
    schemaVersion: HOST_REPORT_SCHEMA_VERSION,
    probedAt: now.toISOString(),
    host: { platform, arch, kernel: null, hostname: null, probedRoot: null },
    cpu: { vendor: null, vendorId: null, model: null, logicalCpus: null },
    virtualization: { extension: null, slat: null, features: [], disabledInFirmware: null, arm: null },
    kvm: { device: null, module: null, nested: null },
    iommu: { acpiTable: null, units: null, groups: null },
    confidential: {
      sev: null,
      sevEs: null,
      sevSnp: null,
      tdx: null,
      kvmEnabled: { sev: null, sevEs: null, sevSnp: null, tdx: null },
    },
    guest: { inVirtualMachine: null, hypervisor: null },
    verdict: { code: 'unknown', summary: '', hints: [] },
    unreadable: [],
  };
}

function withVerdict(report: HostReport, decision: Decision, lang: Lang): HostReport {
  report.verdict = renderDecision(decision, lang);
  return report;
}

/** The report for a window that cannot reach the machine (VS Code for the Web). */
export function noHostAccessReport(lang: Lang, now = new Date()): HostReport {
  return withVerdict(
    blankReport('web', 'unknown', now),
    { code: 'no-host-access', key: 'no-host-access', hints: [{ key: 'no-host-access' }] },
    lang,
  );
}

/** The report for a platform the check does not examine (FreeBSD, AIX…). */
export function unexaminedPlatformReport(platform: string, arch: string, lang: Lang, now = new Date()): HostReport {
  return withVerdict(
    blankReport(platform, arch, now),
    { code: 'unknown', key: 'platform-not-examined', params: { platform: { ident: platform } }, hints: [] },
    lang,
  );
}

/** The report when the probe itself failed; it says why instead of throwing. */
export function failedProbeReport(
  platform: string,
  arch: string,
  reason: Reason,
  lang: Lang,
  now = new Date(),
): HostReport {
  const report = blankReport(platform, arch, now);
  report.unreadable.push(unreadableEntry(HOST_CHECK_SOURCE, reason));
  return withVerdict(report, { code: 'unknown', key: 'probe-failed', params: { reason: { reason } }, hints: [] }, lang);
}

/**
 * The report when the tree to probe was given as a relative path: nothing is probed (neither
 * the tree, which cannot be located, nor this machine, which the caller did not ask about).
 */
export function refusedRootReport(platform: string, root: string, lang: Lang, now = new Date()): HostReport {
  return withVerdict(
    blankReport(platform, 'unknown', now),
    {
      code: 'unknown',
      key: 'root-not-absolute',
      params: { root: { data: root } },
      hints: [{ key: 'root-absolute' }],
    },
    lang,
  );
}
