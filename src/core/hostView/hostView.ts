import type { KnowledgeBase } from '../concepts/knowledgeBase';
import { entryReason, reasonText } from '../host/reasons';
import { HOST_CHECK_SOURCE } from '../host/reportBase';
import type { HostReport, Tri, VerdictCode } from '../host/types';
import type { Lang } from '../language';
import { escapeMarkdownText } from '../markdown/escape';
import { buildDeepView, deepViewToMarkdown, type DeepView } from './hostDeepView';
import { HOST_LABELS, type HostLabels, type SectionId } from './hostLabels';

/** How a row reads: a fact that is there, is not, is not known, or plain information. */
export type RowState = 'yes' | 'no' | 'unknown' | 'info';

export interface HostRow {
  label: string;
  /** What the panel prints in the value column. */
  value: string;
  state: RowState;
  /** One line on what the row means, from the knowledge base. */
  meaning?: string;
  /** The concept whose article explains the row. */
  conceptId?: string;
  source?: string;
  /** "Source: …" in the view's language. */
  sourceLine?: string;
}

export interface HostSection {
  id: SectionId;
  title: string;
  rows: HostRow[];
}

export type VerdictLevel = 'ok' | 'warning' | 'error' | 'unknown';

/** Everything the host-check page shows, already in one language; the page only lays it out. */
export interface HostView {
  lang: Lang;
  labels: HostLabels;
  machine: string;
  /** "Machine: …" in the view's language (its colon). */
  machineLine: string;
  probedAt: string;
  /** "Checked at: …" in the view's language. */
  probedAtLine: string;
  /** The copied tree that was probed instead of this machine, or null. */
  probedRoot: string | null;
  /** The sentence that says so, shown above the verdict; null for a report of this machine. */
  banner: string | null;
  verdict: { code: VerdictCode; level: VerdictLevel; summary: string; hints: string[] };
  sections: HostSection[];
  /** Linux: passthrough, memory, nested setup and groups (shown as collapsible sections). */
  deep: DeepView;
  /** What could not be read, the reason in the view's language; `line` is "source: reason". */
  unreadable: { source: string; reason: string; line: string }[];
}

/** A label and its value, joined by the language's colon ("Machine: x", "机器：x"). */
export function labelled(L: HostLabels, label: string, value: string): string {
  return `${label}${L.colon}${value}`;
}

const LEVEL: Record<VerdictCode, VerdictLevel> = {
  'kvm-usable': 'ok',
  'hvf-available': 'ok',
  'firmware-enabled': 'ok',
  'kvm-no-permission': 'warning',
  'kvm-not-loaded': 'warning',
  'disabled-in-firmware': 'warning',
  'not-exposed-to-guest': 'warning',
  'hyperv-running': 'warning',
  unsupported: 'error',
  'hvf-unavailable': 'error',
  unknown: 'unknown',
  'no-host-access': 'unknown',
};

export function verdictLevel(code: VerdictCode): VerdictLevel {
  return LEVEL[code] ?? 'unknown';
}

/** Builds the panel's view of a report in `lang`, joining flag meanings from the knowledge base. */
export function buildHostView(report: HostReport, kb: KnowledgeBase, lang: Lang): HostView {
  const L = HOST_LABELS[lang];
  const tri = (v: Tri | undefined): Pick<HostRow, 'value' | 'state'> =>
    v === true
      ? { value: L.states.yes, state: 'yes' }
      : v === false
        ? { value: L.states.no, state: 'no' }
        : { value: L.states.unknown, state: 'unknown' };
  const info = (v: string | number | null | undefined): Pick<HostRow, 'value' | 'state'> =>
    v === null || v === undefined || v === ''
      ? { value: L.states.unknown, state: 'unknown' }
      : { value: String(v), state: 'info' };
  const concept = (id: string) => {
    const c = kb.get(id);
    return c ? { meaning: c.text[lang].definition, conceptId: id } : {};
  };
  const vendor = report.cpu.vendor === 'intel' || report.cpu.vendor === 'amd' ? report.cpu.vendor : undefined;
  const v = report.virtualization;

  const cpu: HostRow[] = [
    { label: L.rows.vendorModel, ...info(report.cpu.model ?? report.cpu.vendorId) },
    { label: L.rows.arch, ...info(report.host.arch) },
    { label: L.rows.kernel, ...info(report.host.kernel) },
    { label: L.rows.logicalCpus, ...info(report.cpu.logicalCpus) },
  ];

  const extensionConcept = v.extension === 'svm' || vendor === 'amd' ? 'amd-v' : 'intel-vt-x';
  const slatConcept =
    v.slat === 'npt' || vendor === 'amd' ? 'npt' : v.slat === 'ept' || vendor === 'intel' ? 'ept' : 'slat';
  const features: HostRow[] = [
    {
      label: L.rows.extension,
      ...(v.extension
        ? { value: v.extension, state: 'yes' as const }
        : tri(report.host.arch === 'arm64' ? null : false)),
      ...concept(extensionConcept),
    },
    {
      label: L.rows.slat,
      ...(v.slat ? { value: v.slat, state: 'yes' as const } : tri(report.host.arch === 'arm64' ? null : false)),
      ...concept(slatConcept),
    },
    { label: L.rows.disabledInFirmware, ...tri(v.disabledInFirmware) },
  ];
  if (v.arm) {
    features.push({ label: L.rows.armEl2, ...tri(v.arm.el2) }, { label: L.rows.armVhe, ...tri(v.arm.vhe) });
  }
  for (const f of v.features) {
    const meaning = kb.cpuFlag(f.id, vendor);
    features.push({
      label: f.id,
      ...tri(f.present),
      source: f.source,
      sourceLine: labelled(L, L.source, f.source),
      ...(meaning ? { meaning: meaning[lang], conceptId: meaning.concept } : {}),
    });
  }

  const device = report.kvm.device;
  const kvm: HostRow[] = [
    {
      label: L.rows.kvmDevice,
      ...(device === null
        ? tri(null)
        : { value: L.device[device], state: device === 'usable' ? ('yes' as const) : ('no' as const) }),
      ...concept('kvm'),
    },
    {
      label: L.rows.kvmModule,
      ...(report.kvm.module ? info(report.kvm.module) : { value: L.none, state: 'no' as const }),
    },
  ];

  const nested: HostRow[] = [{ label: L.rows.nested, ...tri(report.kvm.nested), ...concept('nested-virtualization') }];

  const iommu: HostRow[] = [
    {
      label: L.rows.iommuTable,
      ...(report.iommu.acpiTable ? { value: report.iommu.acpiTable, state: 'yes' as const } : tri(false)),
      ...concept(
        report.iommu.acpiTable === 'IVRS' ? 'amd-vi' : report.iommu.acpiTable === 'DMAR' ? 'intel-vt-d' : 'iommu',
      ),
    },
    { label: L.rows.iommuUnits, ...info(report.iommu.units) },
    { label: L.rows.iommuGroups, ...info(report.iommu.groups), ...concept('vfio') },
  ];

  const c = report.confidential;
  const confidentialRow = (label: string, cpuHas: Tri, kvmOn: Tri, id: string): HostRow => ({
    label,
    ...tri(cpuHas),
    value: `${tri(cpuHas).value} · ${labelled(L, L.rows.kvmEnables, tri(kvmOn).value)}`,
    ...concept(id),
  });
  const confidential: HostRow[] = [
    confidentialRow(L.rows.sev, c.sev, c.kvmEnabled.sev, 'amd-sev'),
    confidentialRow(L.rows.sevEs, c.sevEs, c.kvmEnabled.sevEs, 'amd-sev'),
    confidentialRow(L.rows.sevSnp, c.sevSnp, c.kvmEnabled.sevSnp, 'amd-sev'),
    confidentialRow(L.rows.tdx, c.tdx, c.kvmEnabled.tdx, 'intel-tdx'),
  ];

  const guest: HostRow[] = [
    { label: L.rows.inVm, ...tri(report.guest.inVirtualMachine), ...concept('host-and-guest') },
    {
      label: L.rows.hypervisor,
      ...(report.guest.hypervisor ? info(report.guest.hypervisor) : { value: L.none, state: 'info' as const }),
    },
  ];

  const h = report.host;
  const machine = [
    h.hostname ?? '?',
    h.remoteName ? `${L.parens[0]}${labelled(L, L.remote, h.remoteName)}${L.parens[1]}` : '',
    `${h.platform} ${h.arch}`,
    h.kernel ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  const section = (id: SectionId, rows: HostRow[]): HostSection => ({ id, title: L.sections[id], rows });
  const probedRoot = h.probedRoot ?? null;
  return {
    lang,
    labels: L,
    machine,
    machineLine: labelled(L, L.machine, machine),
    probedAt: report.probedAt,
    probedAtLine: labelled(L, L.probedAt, report.probedAt),
    probedRoot,
    banner: probedRoot === null ? null : L.copiedTree.replace('{root}', () => probedRoot),
    verdict: { ...report.verdict, level: verdictLevel(report.verdict.code) },
    sections: [
      section('cpu', cpu),
      section('features', features),
      section('kvm', kvm),
      section('nested', nested),
      section('iommu', iommu),
      section('confidential', confidential),
      section('guest', guest),
    ],
    deep: buildDeepView(report, lang),
    unreadable: report.unreadable.map((u) => {
      const source = u.source === HOST_CHECK_SOURCE ? L.hostCheckSource : u.source;
      const why = entryReason(u);
      // A report written before reasons had codes keeps its English words.
      const reason = why ? reasonText(lang, why) : u.reason;
      return { source, reason, line: labelled(L, source, reason) };
    }),
  };
}

/**
 * A verdict sentence as markdown: its `code spans` are the extension's own commands (the
 * verdict never puts machine text inside backticks), everything between them is escaped.
 */
function richMarkdown(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : escapeMarkdownText(part)))
    .join('');
}

/**
 * The report as Markdown, for the clipboard: the same rows as the panel. Everything that came
 * from the machine (or the setting) is escaped, so a pasted report shows it as text and can
 * carry no link, image, HTML, heading, table break or code span of the machine's making.
 */
export function hostViewToMarkdown(view: HostView): string {
  const text = escapeMarkdownText;
  const out = [`# ${text(view.labels.title)}`, '', `${text(view.machineLine)}  `, `${text(view.probedAtLine)}`, ''];
  if (view.banner) out.push(`> **⚠ ${text(view.banner)}**`, '');
  out.push(`**${richMarkdown(view.verdict.summary)}**`, '');
  if (view.verdict.hints.length) {
    out.push(`## ${text(view.labels.hints)}`, '');
    for (const h of view.verdict.hints) out.push(`- ${richMarkdown(h)}`);
    out.push('');
  }
  for (const s of view.sections) {
    out.push(`## ${text(s.title)}`, '', '| | |', '| --- | --- |');
    for (const r of s.rows) out.push(`| ${text(r.label)} | ${text(r.value)} |`);
    out.push('');
  }
  out.push(...deepViewToMarkdown(view.deep));
  if (view.unreadable.length) {
    out.push(`## ${text(view.labels.unreadable)}`, '');
    for (const u of view.unreadable) out.push(`- ${text(u.line)}`);
    out.push('');
  }
  return out.join('\n');
}
