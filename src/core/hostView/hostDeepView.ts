// The panel's view of the deeper Linux sections (passthrough, memory, nested setup, groups),
// in one language, and their Markdown. Pure: the page lays it out, the Markdown escapes it.
import type { HostReport, IommuGroup, PciDevice, Tri } from '../host/types';
import type { Lang } from '../language';
import { escapeMarkdownText } from '../markdown/escape';
import { HOST_DEEP_LABELS, type HostDeepLabels } from './hostDeepLabels';
import { buildPlatformSection, buildStackSection } from './hostStackView';
import type { HostRow } from './hostView';

export type DeepSectionId = 'passthrough' | 'memory' | 'nestedSetup' | 'access' | 'stack' | 'platform';

export interface DeepSection {
  id: DeepSectionId;
  title: string;
  rows: HostRow[];
  /** Advice, each a sentence whose `code spans` are commands. */
  hints: string[];
}

export interface DeviceView {
  address: string;
  /** `[0300] VGA compatible controller`, or the class code alone. */
  classText: string;
  /** `NVIDIA Corporation TU116 [GeForce GTX 1660] [10de:2184]`, or the IDs alone. */
  name: string;
  driverText: string;
  resetText: string;
  /** SR-IOV: `2 of 7 VFs enabled: …` on a PF, `virtual function of …` on a VF. */
  sriovText: string | null;
  /** Set when others share the group. */
  sharedNote: string | null;
  /** Whether a libvirt <hostdev> can be built (a PCI address). */
  hostdev: boolean;
  /** Lowercase text the filter searches. */
  search: string;
}

export interface GroupView {
  id: number;
  title: string;
  viable: 'yes' | 'no' | 'unknown';
  viableText: string;
  /** A GPU (class 0x03) or network card (0x02) is in it: such groups are listed first. */
  priority: boolean;
  devices: DeviceView[];
}

export interface PassthroughView {
  groups: GroupView[];
  labels: Pick<HostDeepLabels, 'copyHostdev' | 'filter' | 'filterPlaceholder' | 'noMatch'>;
}

export interface DeepView {
  sections: DeepSection[];
  /** The device list of the passthrough section; null when no group was read. */
  passthrough: PassthroughView | null;
}

const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

const PCI_ADDRESS = /^([0-9a-f]{4}):([0-9a-f]{2}):([0-9a-f]{2})\.([0-7])$/;

/** True for a PCI address a libvirt <hostdev> can name (domain 0000–ffff). */
export function isHostdevAddress(address: string): boolean {
  return PCI_ADDRESS.test(address);
}

/**
 * The libvirt <hostdev> element for a PCI device, managed='yes' (libvirt binds it to vfio-pci
 * when the VM starts and gives it back after). Null for anything but a PCI address.
 */
export function hostdevXml(address: string): string | null {
  const m = address.match(PCI_ADDRESS);
  if (!m) return null;
  const [, domain, bus, slot, fn] = m;
  return [
    "<hostdev mode='subsystem' type='pci' managed='yes'>",
    '  <source>',
    `    <address domain='0x${domain}' bus='0x${bus}' slot='0x${slot}' function='0x${fn}'/>`,
    '  </source>',
    '</hostdev>',
  ].join('\n');
}

function sizeText(kb: number): string {
  if (kb >= 1048576 && kb % 1048576 === 0) return `${kb / 1048576} GiB`;
  if (kb >= 1024 && kb % 1024 === 0) return `${kb / 1024} MiB`;
  return `${kb} KiB`;
}

function memoryText(kb: number): string {
  return kb >= 1048576 ? `${(kb / 1048576).toFixed(1)} GiB` : `${Math.round(kb / 1024)} MiB`;
}

function deviceView(d: PciDevice, g: IommuGroup, L: HostDeepLabels): DeviceView {
  const klass = d.classCode ? `[${d.classCode.slice(2, 6)}]` : '';
  const classText = [klass, d.className ?? ''].filter(Boolean).join(' ') || '?';
  const ids = d.vendorId && d.deviceId ? `[${d.vendorId}:${d.deviceId}]` : '';
  const name = [d.vendorName ?? '', d.deviceName ?? '', ids].filter(Boolean).join(' ') || '?';
  const driverText =
    d.driverState === 'bound' ? fill(L.driver.bound, { driver: d.driver ?? '?' }) : L.driver[d.driverState];
  const resetText =
    d.resetMethods === null
      ? L.reset.unknown
      : d.resetMethods.length
        ? fill(L.reset.some, { methods: d.resetMethods.join(' ') })
        : L.reset.none;
  let sriovText: string | null = null;
  if (d.sriov) {
    sriovText = fill(L.sriovValue, { num: d.sriov.numVfs ?? '?', total: d.sriov.totalVfs ?? '?' });
    if (d.sriov.vfs.length) sriovText += `: ${d.sriov.vfs.join(', ')}`;
  } else if (d.physfn) sriovText = fill(L.physfn, { pf: d.physfn });
  const others = g.devices.length - 1;
  return {
    address: d.address,
    classText,
    name,
    driverText,
    resetText,
    sriovText,
    sharedNote: others > 0 ? fill(L.sharedGroup, { group: g.id, count: others }) : null,
    hostdev: isHostdevAddress(d.address),
    search: [d.address, classText, name, d.driver ?? '', sriovText ?? ''].join(' ').toLowerCase(),
  };
}

/** The deeper sections: Linux's from the files; macOS and Windows get the platform section. */
export function buildDeepView(report: HostReport, lang: Lang): DeepView {
  const L = HOST_DEEP_LABELS[lang];
  const sections: DeepSection[] = [];
  let passthroughView: PassthroughView | null = null;
  const tri = (v: Tri | undefined): Pick<HostRow, 'value' | 'state'> =>
    v === true
      ? { value: yesNo[lang].yes, state: 'yes' }
      : v === false
        ? { value: yesNo[lang].no, state: 'no' }
        : { value: yesNo[lang].unknown, state: 'unknown' };

  const p = report.passthrough;
  if (p) {
    const rows: HostRow[] = [];
    const hints: string[] = [];
    rows.push({
      label: L.rows.iommu,
      value: L.iommuState[p.iommu],
      state: p.iommu === 'on' ? 'yes' : p.iommu === 'off' ? 'no' : 'unknown',
      source: '/sys/kernel/iommu_groups',
    });
    if (p.iommu === 'off' && p.offReason) {
      rows.push({ label: L.rows.offReason, value: L.offReasons[p.offReason], state: 'info' });
      hints.push(L.offHints[p.offReason]);
    }
    rows.push({ label: L.rows.passthroughMode, ...tri(p.passthroughMode), state: 'info' });
    if (p.passthroughMode === true && p.iommu === 'on') hints.push(L.passthroughModeHint);
    rows.push({
      label: L.rows.cmdlineParams,
      ...(p.cmdlineParams === null
        ? tri(null)
        : { value: p.cmdlineParams.join(' ') || yesNo[lang].none, state: 'info' as const }),
      source: '/proc/cmdline',
    });
    if (p.groups.length) {
      const viable = p.groups.filter((g) => g.viable === true).length;
      const devices = p.groups.reduce((n, g) => n + g.devices.length, 0);
      rows.push({
        label: L.rows.groupsDevices,
        value: fill(L.groupsDevicesValue, { groups: p.groups.length, devices, viable }),
        state: 'info',
      });
      rows.push({ label: L.rows.pciIds, value: p.pciIds ?? L.pciIdsMissing, state: p.pciIds ? 'info' : 'unknown' });
      for (const s of p.sriov) {
        rows.push({
          label: `${L.rows.sriov} ${s.pf}`,
          value:
            fill(L.sriovValue, { num: s.numVfs ?? '?', total: s.totalVfs ?? '?' }) +
            (s.vfs.length ? `: ${s.vfs.join(', ')}` : ''),
          state: 'info',
        });
      }
      const groups = p.groups.map((g): GroupView => {
        const viable = g.viable === true ? 'yes' : g.viable === false ? 'no' : 'unknown';
        return {
          id: g.id,
          title: fill(L.group, { id: g.id }),
          viable,
          viableText: fill(L.viable[viable], { devices: g.blockers.join(', ') }),
          priority: g.devices.some((d) => d.classCode?.startsWith('0x03') || d.classCode?.startsWith('0x02')),
          devices: g.devices.map((d) => deviceView(d, g, L)),
        };
      });
      // GPUs and network cards first (what people pass through), then by number.
      groups.sort((a, b) => Number(b.priority) - Number(a.priority) || a.id - b.id);
      passthroughView = {
        groups,
        labels: {
          copyHostdev: L.copyHostdev,
          filter: L.filter,
          filterPlaceholder: L.filterPlaceholder,
          noMatch: L.noMatch,
        },
      };
    }
    sections.push({ id: 'passthrough', title: L.sections.passthrough, rows, hints });
  }

  const m = report.memory;
  if (m) {
    const rows: HostRow[] = [];
    const hints: string[] = [];
    for (const h of m.hugePages) {
      const parts = [fill(L.hugeValue.cpu, { value: tri(h.cpuSupports).value })];
      if (h.total === null) parts.push(L.hugeValue.notOffered);
      else {
        parts.push(fill(L.hugeValue.configured, { value: h.total }));
        parts.push(fill(L.hugeValue.free, { value: h.free ?? '?' }));
      }
      for (const n of h.perNode) {
        parts.push(fill(L.hugeValue.node, { node: n.node, total: n.total ?? '?', free: n.free ?? '?' }));
      }
      rows.push({
        label: `${L.rows.hugePages} ${sizeText(h.sizeKb)}`,
        value: parts.join(' · '),
        state: h.total !== null && h.total > 0 ? 'yes' : h.cpuSupports === false ? 'no' : 'info',
        source: '/sys/kernel/mm/hugepages',
      });
      if (h.sizeKb === 1048576 && h.cpuSupports === true && !h.total) hints.push(L.hugeHint1g);
    }
    rows.push({
      label: L.rows.thp,
      ...(m.thp ? { value: m.thp, state: 'info' as const } : tri(null)),
      source: '/sys/kernel/mm/transparent_hugepage/enabled',
    });
    const ksmRun = m.ksm.run === 0 ? 'stopped' : m.ksm.run === 1 ? 'running' : m.ksm.run === 2 ? 'unmerging' : null;
    rows.push({
      label: L.rows.ksm,
      ...(ksmRun
        ? {
            value:
              L.ksmState[ksmRun] +
              (m.ksm.pagesSharing !== null ? ` · ${fill(L.ksmSharing, { pages: m.ksm.pagesSharing })}` : ''),
            state: 'info' as const,
          }
        : tri(null)),
      source: '/sys/kernel/mm/ksm',
    });
    for (const n of m.numa) {
      const parts = [
        n.cpus !== null ? fill(L.numaValue.cpus, { cpus: n.cpus }) : '',
        n.memTotalKb !== null ? fill(L.numaValue.memory, { memory: memoryText(n.memTotalKb) }) : '',
      ].filter(Boolean);
      rows.push({
        label: `${L.rows.numaNode} ${n.node}`,
        value: parts.join(' · ') || yesNo[lang].unknown,
        state: parts.length ? 'info' : 'unknown',
      });
    }
    sections.push({ id: 'memory', title: L.sections.memory, rows, hints });
  }

  // Only where KVM can run: elsewhere the setting has nothing to act on.
  const k = report.kvm;
  if (
    k.nestedPersistent !== undefined &&
    (k.device === 'usable' || k.device === 'present') &&
    (k.module === 'kvm_intel' || k.module === 'kvm_amd')
  ) {
    const line = `options ${k.module} nested=1`;
    const rows: HostRow[] = [
      { label: L.rows.nestedNow, ...tri(k.nested), source: `/sys/module/${k.module}/parameters/nested` },
      {
        label: L.rows.nestedPersistent,
        ...(k.nestedPersistent === true && k.nestedPersistentFile
          ? { value: fill(L.nestedPersistentFile, { file: k.nestedPersistentFile }), state: 'yes' as const }
          : tri(k.nestedPersistent)),
        source: '/etc/modprobe.d',
      },
    ];
    const hints = k.nestedPersistent === true ? [] : [fill(L.nestedHint, { line, module: k.module })];
    sections.push({ id: 'nestedSetup', title: L.sections.nestedSetup, rows, hints });
  }

  const a = report.access;
  if (a) {
    const rows: HostRow[] = [];
    const hints: string[] = [];
    if (a.groups === null) {
      rows.push({ label: L.rows.inGroup, value: L.membership.notChecked, state: 'unknown' });
    } else {
      const join: string[] = [];
      let relogin = false;
      for (const g of a.groups) {
        const row = (value: string, state: HostRow['state']): HostRow => ({
          label: `${L.rows.inGroup} ${g.name}`,
          value,
          state,
          source: '/etc/group',
        });
        if (g.member === true) rows.push(row(L.membership.member, 'yes'));
        else if (g.exists === false) rows.push(row(L.membership.noGroup, 'info'));
        else if (g.member === false && g.listed === true) {
          rows.push(row(L.membership.listedOnly, 'no'));
          relogin = true;
        } else if (g.member === false) {
          rows.push(row(L.membership.notMember, 'no'));
          join.push(g.name);
        } else rows.push(row(yesNo[lang].unknown, 'unknown'));
      }
      if (join.length) hints.push(fill(L.joinHint, { groups: join.join(',') }));
      else if (relogin) hints.push(L.reloginHint);
    }
    sections.push({ id: 'access', title: L.sections.access, rows, hints });
  }

  if (report.stack) sections.push(buildStackSection(report.stack, lang));
  const platform = buildPlatformSection(report, lang);
  if (platform) sections.push(platform);

  return { sections, passthrough: passthroughView };
}

const yesNo: Record<Lang, { yes: string; no: string; unknown: string; none: string }> = {
  en: { yes: 'yes', no: 'no', unknown: 'unknown', none: 'none' },
  'zh-cn': { yes: '是', no: '否', unknown: '未知', none: '无' },
};

/** A hint as Markdown: its `code spans` are the extension's own commands, the rest is escaped. */
function hintMarkdown(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? `\`${part}\`` : escapeMarkdownText(part)))
    .join('');
}

/**
 * The deeper sections as Markdown. Everything from the machine (addresses, pci.ids names,
 * drivers, paths) goes through the strict escaper, in tables and lists alike.
 */
export function deepViewToMarkdown(view: DeepView): string[] {
  const text = escapeMarkdownText;
  const out: string[] = [];
  for (const s of view.sections) {
    out.push(`## ${text(s.title)}`, '', '| | |', '| --- | --- |');
    for (const r of s.rows) out.push(`| ${text(r.label)} | ${text(r.value)} |`);
    out.push('');
    for (const h of s.hints) out.push(`- ${hintMarkdown(h)}`);
    if (s.hints.length) out.push('');
    if (s.id === 'passthrough' && view.passthrough) {
      for (const g of view.passthrough.groups) {
        out.push(`### ${text(g.title)}`, '', text(g.viableText), '', '| | | | | |', '| --- | --- | --- | --- | --- |');
        for (const d of g.devices) {
          const extra = [d.resetText, d.sriovText ?? ''].filter(Boolean).join(' · ');
          out.push(
            `| ${text(d.address)} | ${text(d.classText)} | ${text(d.name)} | ${text(d.driverText)} | ${text(extra)} |`,
          );
        }
        out.push('');
      }
    }
  }
  return out;
}
