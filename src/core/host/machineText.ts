// Text the machine reported (a CPU model, DMI strings, a kernel release, log lines, reasons
// from the OS) is data, never the extension's own words: it is cut to a sane length and kept
// on one line before it reaches the report, and it is never put inside the advice's code spans.
// A copied tree (virtkit.hostCheck.root, probeHost({ root })) may hold anything at all.
import type { HostReport } from './types';

/** The longest machine-reported text a report field holds, in characters (an ellipsis included). */
export const MAX_MACHINE_TEXT = 200;

// C0 and C1 controls (line breaks, tabs, escapes) and DEL become spaces: every field is one line.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// Bidirectional overrides and isolates, zero-width and other invisible format characters can
// make a value read differently from what it holds: shown as U+FFFD so their presence is visible.
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/g;

/**
 * One line of machine-reported text, at most `max` characters: controls become spaces,
 * invisible formatting characters become U+FFFD, longer text ends in "…".
 */
export function machineText(text: string, max = MAX_MACHINE_TEXT): string {
  const clean = text.replace(CONTROLS, ' ').replace(INVISIBLE, '\ufffd').trim();
  const chars = Array.from(clean); // code points, so a surrogate pair is never cut in half
  return chars.length <= max ? clean : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}

function clip(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : machineText(text);
}

/**
 * Applies machineText to every field of a report that came from the machine (the verdict's
 * sentences are built from clipped values already). Returns the same object.
 */
export function limitMachineText(report: HostReport): HostReport {
  const { host, cpu, virtualization: v, kvm, guest } = report;
  host.platform = machineText(host.platform);
  host.arch = machineText(host.arch);
  host.kernel = clip(host.kernel);
  host.hostname = clip(host.hostname);
  cpu.vendorId = clip(cpu.vendorId);
  cpu.model = clip(cpu.model);
  for (const f of v.features) {
    f.id = machineText(f.id);
    f.source = machineText(f.source);
  }
  if (v.evidence) {
    for (const e of v.evidence) {
      e.source = machineText(e.source);
      e.text = machineText(e.text);
    }
  }
  if (kvm.modules) kvm.modules = kvm.modules.map((m) => machineText(m));
  guest.hypervisor = clip(guest.hypervisor);
  if (kvm.nestedPersistentFile) kvm.nestedPersistentFile = machineText(kvm.nestedPersistentFile);
  const p = report.passthrough;
  if (p) {
    if (p.cmdlineParams) p.cmdlineParams = p.cmdlineParams.map((x) => machineText(x));
    for (const g of p.groups) {
      g.domainType = clip(g.domainType);
      g.blockers = g.blockers.map((b) => machineText(b));
      for (const d of g.devices) {
        d.address = machineText(d.address);
        d.className = clip(d.className);
        d.vendorName = clip(d.vendorName);
        d.deviceName = clip(d.deviceName);
        d.driver = clip(d.driver);
        if (d.physfn) d.physfn = machineText(d.physfn);
      }
    }
    for (const s of p.sriov) {
      s.pf = machineText(s.pf);
      s.vfs = s.vfs.map((v) => machineText(v));
    }
  }
  if (report.memory) {
    report.memory.thp = clip(report.memory.thp);
    for (const n of report.memory.numa) n.cpus = clip(n.cpus);
  }
  const st = report.stack;
  if (st) {
    // os-release values, PATH directories, $XDG_RUNTIME_DIR and whatever a descriptor says.
    st.os.id = clip(st.os.id);
    st.os.prettyName = clip(st.os.prettyName);
    st.os.idLike = st.os.idLike.map((x) => machineText(x));
    for (const t of st.tools) {
      t.path = clip(t.path);
      t.version = clip(t.version);
    }
    for (const x of st.sockets) x.path = machineText(x.path);
    for (const f of st.firmware) {
      f.file = machineText(f.file);
      f.description = clip(f.description);
      f.device = clip(f.device);
      f.interfaceTypes = f.interfaceTypes.map((x) => machineText(x));
      f.architectures = f.architectures.map((x) => machineText(x));
      f.features = f.features.map((x) => machineText(x));
      if (f.executable) f.executable.path = machineText(f.executable.path);
      if (f.nvramTemplate) f.nvramTemplate.path = machineText(f.nvramTemplate.path);
    }
  }
  for (const u of report.unreadable) {
    u.source = machineText(u.source);
    u.reason = machineText(u.reason);
    if (u.reasonDetail !== undefined) u.reasonDetail = machineText(u.reasonDetail);
  }
  return report;
}
