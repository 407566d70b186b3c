// The tool-stack section (Linux) and the hypervisor-platform section (macOS, Windows) of the
// panel, in one language. Pure: rows and hints, laid out by the page, escaped by the Markdown.
import type { HostReport, StackReport, Tri } from '../host/types';
import { INSTALL_COMMAND } from '../host/stackPackages';
import type { Lang } from '../language';
import type { DeepSection } from './hostDeepView';
import { HOST_STACK_LABELS } from './hostStackLabels';
import type { HostRow } from './hostView';

const fill = (text: string, values: Record<string, string | number>): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

const YES_NO: Record<Lang, { yes: string; no: string; unknown: string }> = {
  en: { yes: 'yes', no: 'no', unknown: 'unknown' },
  'zh-cn': { yes: '是', no: '否', unknown: '未知' },
};

function triRow(lang: Lang, label: string, v: Tri | undefined, source?: string): HostRow {
  const w = YES_NO[lang];
  return {
    label,
    value: v === true ? w.yes : v === false ? w.no : w.unknown,
    state: v === true ? 'yes' : v === false ? 'no' : 'unknown',
    ...(source ? { source } : {}),
  };
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);

export function buildStackSection(s: StackReport, lang: Lang): DeepSection {
  const L = HOST_STACK_LABELS[lang];
  const rows: HostRow[] = [];
  const hints: string[] = [];
  rows.push({
    label: L.rows.distribution,
    value: s.os.prettyName ?? s.os.id ?? L.distributionUnknown,
    state: s.os.family ? 'info' : 'unknown',
    source: '/etc/os-release',
  });
  if (s.versions === 'not-run') rows.push({ label: L.rows.versions, value: L.versionsNotRun, state: 'info' });

  const missingPkgs: string[] = [];
  const missingNames: string[] = [];
  for (const t of s.tools) {
    if (t.path !== null) {
      rows.push({ label: t.name, value: fill(L.found, { version: t.version ?? '?', path: t.path }), state: 'yes' });
    } else {
      const pkg = t.package?.join(' / ') ?? null;
      rows.push({ label: t.name, value: pkg ? fill(L.missingPackage, { package: pkg }) : L.missing, state: 'no' });
      if (t.package?.[0]) missingPkgs.push(t.package[0]);
      missingNames.push(t.name);
    }
  }

  const live = s.sockets.filter((x) => x.state !== 'absent');
  for (const x of live) {
    rows.push({
      label: `${L.rows.socket[x.scope]}`,
      value: `${L.socketState[x.state]} · ${x.path}`,
      state:
        x.state === 'answers' ? 'yes' : x.state === 'not-checked' ? 'info' : x.state === 'unknown' ? 'unknown' : 'no',
    });
  }
  const daemonInstalled = s.tools.some((t) => (t.kind === 'libvirtd' || t.kind === 'virtqemud') && t.path !== null);
  if (live.length === 0) {
    rows.push({ label: L.rows.socket.system, value: L.noSocket, state: 'no', source: '/var/run/libvirt' });
    if (daemonInstalled && s.versions === 'run') hints.push(L.startDaemonHint);
  }

  for (const u of s.uefi) {
    const pkg = u.package?.join(' / ') ?? null;
    rows.push({
      label: `${L.rows.uefi} ${u.arch}`,
      value:
        u.present === true
          ? L.uefiPresent
          : u.present === false
            ? pkg
              ? fill(L.uefiMissingPackage, { package: pkg })
              : L.uefiMissing
            : YES_NO[lang].unknown,
      state: u.present === true ? 'yes' : u.present === false ? 'no' : 'unknown',
      source: '/usr/share/qemu/firmware',
    });
    if (u.present === false && u.package?.[0]) missingPkgs.push(u.package[0]);
    if (u.present === false) missingNames.push(`UEFI ${u.arch}`);
  }
  for (const f of s.firmware) {
    const exists = (x: { path: string; exists: Tri }): string =>
      `${x.path} ${x.exists === true ? L.fileExists : x.exists === false ? L.fileMissing : L.fileUnknown}`;
    const parts = [
      [...f.architectures, ...f.interfaceTypes].join(' '),
      f.features.join(', '),
      f.executable ? exists(f.executable) : '',
      f.nvramTemplate ? exists(f.nvramTemplate) : '',
    ].filter(Boolean);
    rows.push({
      label: `${L.rows.descriptor} ${basename(f.file)}`,
      value: parts.join(' · '),
      state: f.executable?.exists === true ? 'info' : f.executable?.exists === false ? 'no' : 'unknown',
      source: f.file,
    });
  }

  const unique = [...new Set(missingPkgs)];
  if (s.os.family && unique.length) {
    hints.push(fill(L.installHint, { command: `${INSTALL_COMMAND[s.os.family]} ${unique.join(' ')}` }));
  } else if (!s.os.family && missingNames.length) {
    hints.push(fill(L.installUnknownDistro, { names: missingNames.join(', ') }));
  }
  return { id: 'stack', title: L.sections.stack, rows, hints };
}

/** What macOS or Windows said about its hypervisor platform, and what it cannot say. */
export function buildPlatformSection(report: HostReport, lang: Lang): DeepSection | null {
  const p = report.platformDetails;
  if (!p) return null;
  const L = HOST_STACK_LABELS[lang];
  const rows: HostRow[] = [];
  if (p.windows) {
    const w = p.windows;
    rows.push(triRow(lang, L.rows.hypervisorPresent, w.hypervisorPresent, 'Win32_ComputerSystem'));
    rows.push({
      label: L.rows.hyperV,
      value: L.hyperV[w.hyperV],
      state: w.hyperV === 'enabled' ? 'yes' : w.hyperV === 'unknown' ? 'unknown' : 'info',
      source: 'Win32_OptionalFeature',
    });
    rows.push({
      label: L.rows.vbs,
      value: L.vbs[w.vbs],
      state: w.vbs === 'unknown' ? 'unknown' : 'info',
      source: 'Win32_DeviceGuard',
    });
    if (w.securityServices && w.securityServices.length) {
      rows.push({
        label: L.rows.securityServices,
        value: w.securityServices.map((s) => L.services[s] ?? s).join(', '),
        state: 'info',
        source: 'Win32_DeviceGuard',
      });
    }
    rows.push(triRow(lang, L.rows.firmwareEnabled, w.virtualizationFirmwareEnabled, 'Win32_Processor'));
    rows.push(triRow(lang, L.rows.vmMonitor, w.vmMonitorModeExtensions, 'Win32_Processor'));
    rows.push(triRow(lang, L.rows.slat, w.slat, 'Win32_Processor'));
  }
  if (p.macos) {
    rows.push(triRow(lang, L.rows.hvSupport, p.macos.hvSupport, 'sysctl kern.hv_support'));
    rows.push(triRow(lang, L.rows.appleSilicon, p.macos.appleSilicon, 'sysctl hw.optional.arm64'));
    rows.push(triRow(lang, L.rows.macInVm, p.macos.inVm, 'sysctl kern.hv_vmm_present'));
  }
  for (const limit of p.cannotAnswer) {
    rows.push({ label: L.rows.cannotAnswer, value: L.limits[limit], state: 'unknown' });
  }
  return { id: 'platform', title: L.sections.platform, rows, hints: [] };
}
