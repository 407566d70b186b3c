// The deeper part of the Linux probe: IOMMU groups and their PCI devices (with SR-IOV), huge
// pages and NUMA, the persistent nested setting and the user's groups. Same rules as the rest
// of the probe: reads through a HostFs, small bounded reads, a bounded number of reads in
// flight (a machine may have thousands of devices), never a command, never a throw.
import type { CpuinfoFacts } from './cpuinfoParser';
import { isMissing, type FsResult, type HostFs, type TextRead } from './hostFs';
import { unreadableEntry, type Reason } from './reasons';
import { lookupPciNames, type PciNames } from './pciIds';
import type {
  AccessReport,
  GroupMembership,
  HostReport,
  HugePageSize,
  IommuGroup,
  IommuOffReason,
  MemoryReport,
  PassthroughReport,
  PciDevice,
  Tri,
} from './types';

type Unreadable = HostReport['unreadable'];

export const DEEP_PATHS = {
  cmdline: '/proc/cmdline',
  iommuGroups: '/sys/kernel/iommu_groups',
  pciIds: ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids'],
  hugepages: '/sys/kernel/mm/hugepages',
  nodes: '/sys/devices/system/node',
  thp: '/sys/kernel/mm/transparent_hugepage/enabled',
  ksmRun: '/sys/kernel/mm/ksm/run',
  ksmSharing: '/sys/kernel/mm/ksm/pages_sharing',
  modprobeD: '/etc/modprobe.d',
  group: '/etc/group',
} as const;

const SMALL = 4096;
/** pci.ids is about 1.3 MB; 4 MiB leaves room and bounds a hostile file. */
const PCI_IDS_MAX = 4 * 1024 * 1024;
/** Reads in flight at once: enough to hide latency, few enough to stay far from EMFILE. */
const CONCURRENCY = 32;
/** More than any real machine has; a tree beyond this is cut, and the report says so. */
export const MAX_DEVICES = 16384;
const MAX_NODES = 1024;
/** Individually listed device failures; beyond this they are counted in one entry. */
const MAX_DEVICE_NOTES = 10;

const PCI_ADDRESS = /^[0-9a-f]{4,8}:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/;
const GROUP_ID = /^\d{1,9}$/;

/** The user whose group membership is checked: this process's user, or null when unknown. */
export interface ProbeUser {
  name: string | null;
  /** Every group id the process has (process.getgroups() and the effective gid). */
  groupIds: number[];
}

function note(unreadable: Unreadable, source: string, reason: Reason): void {
  const entry = unreadableEntry(source, reason);
  if (!unreadable.some((u) => u.source === source && u.reason === entry.reason)) unreadable.push(entry);
}

/** Runs fn over items with at most `limit` calls pending; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The first line of a read, trimmed, or null; printable text only. */
function line(r: FsResult<TextRead>): string | null {
  if (!r.ok) return null;
  const first = r.value.text.split(/\r?\n/)[0]?.trim() ?? '';
  // eslint-disable-next-line no-control-regex -- a sysfs value never holds control characters
  if (first === '' || /[\u0000-\u001f\u007f\ufffd]/.test(first)) return null;
  return first.slice(0, 200);
}

function int(r: FsResult<TextRead>): number | null {
  const v = line(r);
  return v !== null && /^\d{1,15}$/.test(v) ? Number(v) : null;
}

function hexId(r: FsResult<TextRead>, digits: number): string | null {
  const v = line(r)?.toLowerCase() ?? null;
  const m = v?.match(new RegExp(`^0x([0-9a-f]{${digits}})$`));
  return m?.[1] ?? null;
}

/** The last path element of a link target (`../../../bus/pci/drivers/vfio-pci` → `vfio-pci`). */
function linkName(r: FsResult<string>): string | null {
  if (!r.ok) return null;
  const name = r.value.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^[\w.:+-]{1,100}$/.test(name) ? name : null;
}

// --- Kernel command line ---

/** The parameters of /proc/cmdline this report is about; the rest of the line is never kept. */
const RELEVANT_PARAM =
  /^(intel_iommu|amd_iommu|iommu|iommu\.[a-z_]+|vfio[-_]pci\.ids|vfio_iommu_type1\.[a-z_]+|pcie_acs_override|default_hugepagesz|hugepagesz|hugepages|transparent_hugepage|kvm[-_](intel|amd)\.[a-z_]+)(=|$)/;

export function relevantCmdlineParams(cmdline: string): string[] {
  return cmdline
    .split(/\s+/)
    .filter((p) => RELEVANT_PARAM.test(p))
    .map((p) => p.slice(0, 200))
    .slice(0, 64);
}

function paramValues(params: readonly string[], name: string): string[] {
  return params.filter((p) => p.startsWith(name + '=')).map((p) => p.slice(name.length + 1).toLowerCase());
}

/** Why the IOMMU is off, from the command line and the ACPI tables. */
export function iommuOffReason(
  params: readonly string[] | null,
  acpi: { dmar: Tri; ivrs: Tri },
  x86: boolean,
): IommuOffReason {
  if (params !== null) {
    const off = (v: string) => v.split(',').includes('off');
    if (
      paramValues(params, 'intel_iommu').some(off) ||
      paramValues(params, 'amd_iommu').some(off) ||
      paramValues(params, 'iommu').some(off)
    )
      return 'disabled-in-cmdline';
  }
  if (x86 && acpi.dmar === false && acpi.ivrs === false) return 'no-acpi-table';
  if (acpi.dmar === true && params !== null) {
    const on = paramValues(params, 'intel_iommu').some((v) => v.split(',').includes('on'));
    if (!on) return 'not-in-cmdline';
  }
  return 'unknown';
}

/** `iommu=pt` / `iommu.passthrough=1` on the command line: host DMA bypasses translation. */
export function passthroughMode(params: readonly string[] | null): Tri {
  if (params === null) return null;
  const pt = paramValues(params, 'iommu.passthrough');
  if (pt.length) return /^(1|y|on)$/.test(pt[pt.length - 1] ?? '');
  return paramValues(params, 'iommu').some((v) => v.split(',').includes('pt'));
}

// --- Passthrough ---

/** Whether a bound driver leaves the group usable by VFIO (see IommuGroup.viable). */
function deviceAllowsVfio(d: PciDevice): Tri {
  if (d.driverState === 'unknown') return null;
  if (d.classCode?.startsWith('0x0604') || d.classCode?.startsWith('0x0609')) return true;
  if (d.driverState === 'none') return true;
  return d.driver !== null && (d.driver.startsWith('vfio') || d.driver === 'pci-stub');
}

export function groupViability(devices: readonly PciDevice[]): { viable: Tri; blockers: string[] } {
  const blockers: string[] = [];
  let unknown = false;
  for (const d of devices) {
    const ok = deviceAllowsVfio(d);
    if (ok === false) blockers.push(d.address);
    else if (ok === null) unknown = true;
  }
  return { viable: blockers.length ? false : unknown ? null : true, blockers };
}

export interface PassthroughInputs {
  /** The listing of /sys/kernel/iommu_groups the main probe already made. */
  groupsListing: FsResult<string[]>;
  cmdline: FsResult<TextRead>;
  acpi: { dmar: Tri; ivrs: Tri };
  x86: boolean;
}

/**
 * Class and IDs from a PCI device's `uevent` (`PCI_CLASS=30000`, `PCI_ID=10DE:2184`), or null
 * when either is missing or malformed.
 */
export function parsePciUevent(text: string): { classCode: string; vendorId: string; deviceId: string } | null {
  const klass = text.match(/^PCI_CLASS=([0-9A-Fa-f]{1,6})$/m)?.[1];
  const id = text.match(/^PCI_ID=([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})$/m);
  if (!klass || !id?.[1] || !id[2]) return null;
  return {
    classCode: '0x' + klass.toLowerCase().padStart(6, '0'),
    vendorId: id[1].toLowerCase(),
    deviceId: id[2].toLowerCase(),
  };
}

async function readDevice(
  fs: HostFs,
  dir: string,
  address: string,
  onFailure: (source: string, reason: Reason) => void,
): Promise<PciDevice> {
  const device: PciDevice = {
    address,
    pci: PCI_ADDRESS.test(address),
    classCode: null,
    className: null,
    vendorId: null,
    deviceId: null,
    vendorName: null,
    deviceName: null,
    driver: null,
    driverState: 'unknown',
    resetMethods: null,
  };
  const listing = await fs.list(dir);
  if (!listing.ok) {
    onFailure(dir, listing.reason);
    return device;
  }
  const names = new Set(listing.value);
  const read = (name: string) => fs.readText(`${dir}/${name}`, SMALL);
  // `uevent` holds the class and both IDs in one read (a third of the reads on a big machine);
  // `class`, `vendor`, `device` are the fallback when it is missing or says nothing useful.
  const [ueventR, driverR, resetR] = await Promise.all([
    names.has('uevent') ? read('uevent') : null,
    names.has('driver') ? fs.readLink(`${dir}/driver`) : null,
    names.has('reset_method') ? read('reset_method') : null,
  ]);
  const ids = ueventR?.ok ? parsePciUevent(ueventR.value.text) : null;
  if (ids) {
    ({ classCode: device.classCode, vendorId: device.vendorId, deviceId: device.deviceId } = ids);
  } else {
    const [classR, vendorR, deviceR] = await Promise.all([read('class'), read('vendor'), read('device')]);
    const klass = line(classR)?.toLowerCase() ?? null;
    device.classCode = klass && /^0x[0-9a-f]{6}$/.test(klass) ? klass : null;
    device.vendorId = hexId(vendorR, 4);
    device.deviceId = hexId(deviceR, 4);
  }
  if (driverR === null) device.driverState = 'none';
  else {
    device.driver = linkName(driverR);
    device.driverState = device.driver === null ? 'unknown' : 'bound';
  }
  if (resetR === null) device.resetMethods = device.pci ? [] : null;
  else {
    const v = resetR.ok ? resetR.value.text.trim() : null;
    // An empty file means no method (the kernel prints nothing then).
    device.resetMethods =
      v === null
        ? null
        : v === ''
          ? []
          : v
              .split(/\s+/)
              .filter((m) => /^[a-z_]{1,20}$/.test(m))
              .slice(0, 8);
  }
  if (names.has('sriov_totalvfs')) {
    const virtfns = listing.value
      .filter((n) => /^virtfn\d{1,5}$/.test(n))
      .sort((a, b) => Number(a.slice(6)) - Number(b.slice(6)));
    const [totalR, numR, ...vfRs] = await Promise.all([
      read('sriov_totalvfs'),
      read('sriov_numvfs'),
      ...virtfns.map((n) => fs.readLink(`${dir}/${n}`)),
    ]);
    const vfs: string[] = [];
    for (const r of vfRs) {
      const vf = linkName(r);
      if (vf) vfs.push(vf);
    }
    device.sriov = { totalVfs: int(totalR), numVfs: int(numR), vfs };
  }
  if (names.has('physfn')) {
    const pf = linkName(await fs.readLink(`${dir}/physfn`));
    if (pf) device.physfn = pf;
  }
  return device;
}

export async function probePassthrough(
  fs: HostFs,
  inputs: PassthroughInputs,
  unreadable: Unreadable,
): Promise<PassthroughReport> {
  const params = inputs.cmdline.ok ? relevantCmdlineParams(inputs.cmdline.value.text) : null;
  if (!inputs.cmdline.ok) note(unreadable, DEEP_PATHS.cmdline, inputs.cmdline.reason);
  const report: PassthroughReport = {
    iommu: 'unknown',
    offReason: null,
    passthroughMode: passthroughMode(params),
    cmdlineParams: params,
    pciIds: null,
    groups: [],
    sriov: [],
  };
  const listing = inputs.groupsListing;
  const ids = listing.ok
    ? listing.value
        .filter((n) => GROUP_ID.test(n))
        .map(Number)
        .sort((a, b) => a - b)
    : [];
  if (listing.ok || isMissing(listing.reason)) report.iommu = ids.length ? 'on' : 'off';
  if (report.iommu === 'off') report.offReason = iommuOffReason(params, inputs.acpi, inputs.x86);
  if (!ids.length) return report;

  // Groups: their device names and default domain type.
  const groupDir = (id: number) => `${DEEP_PATHS.iommuGroups}/${id}`;
  const listed = await mapLimit(ids, CONCURRENCY, async (id) => {
    const [devs, type] = await Promise.all([
      fs.list(`${groupDir(id)}/devices`),
      fs.readText(`${groupDir(id)}/type`, SMALL),
    ]);
    const domainType = line(type);
    return {
      id,
      failure: devs.ok ? null : devs.reason,
      domainType: domainType && /^[\w-]{1,20}$/.test(domainType) ? domainType : null,
      names: devs.ok ? devs.value.filter((n) => /^[\w.:-]{1,100}$/.test(n)).sort() : [],
    };
  });

  // Noted after the concurrent reads, so the report lists them in a stable order.
  for (const g of listed) if (g.failure) note(unreadable, `${groupDir(g.id)}/devices`, g.failure);

  // Devices, all groups together, a bounded number at a time.
  const jobs: { group: number; name: string; index: number }[] = [];
  for (const g of listed) for (const name of g.names) jobs.push({ group: g.id, name, index: jobs.length });
  if (jobs.length > MAX_DEVICES) {
    note(unreadable, DEEP_PATHS.iommuGroups, { code: 'too-many-devices', n: MAX_DEVICES });
    jobs.length = MAX_DEVICES;
  }
  const failed: { index: number; source: string; reason: Reason }[] = [];
  const devices = await mapLimit(jobs, CONCURRENCY, (j) =>
    readDevice(fs, `${groupDir(j.group)}/devices/${j.name}`, j.name, (source, reason) =>
      failed.push({ index: j.index, source, reason }),
    ),
  );
  failed.sort((a, b) => a.index - b.index);
  for (const f of failed.slice(0, MAX_DEVICE_NOTES)) note(unreadable, f.source, f.reason);
  if (failed.length > MAX_DEVICE_NOTES) {
    note(unreadable, DEEP_PATHS.iommuGroups, { code: 'devices-unreadable', n: failed.length - MAX_DEVICE_NOTES });
  }

  await nameDevices(fs, devices, report);

  const byGroup = new Map<number, PciDevice[]>();
  devices.forEach((d, i) => {
    const g = jobs[i]?.group ?? -1;
    const list = byGroup.get(g) ?? [];
    list.push(d);
    byGroup.set(g, list);
  });
  report.groups = listed.map((g): IommuGroup => {
    const devs = byGroup.get(g.id) ?? [];
    return { id: g.id, domainType: g.domainType, devices: devs, ...groupViability(devs) };
  });
  for (const d of devices) {
    if (d.sriov) report.sriov.push({ pf: d.address, ...d.sriov, vfs: [...d.sriov.vfs] });
  }
  return report;
}

/** Names looked up in a pci.ids, by its path, stamp and the IDs asked for. */
const pciNamesCache = new Map<string, PciNames>();

/** Adds pci.ids names to the devices, reading the first pci.ids that exists. */
async function nameDevices(fs: HostFs, devices: PciDevice[], report: PassthroughReport): Promise<void> {
  const wanted = { devices: new Set<string>(), classes: new Set<string>() };
  for (const d of devices) {
    if (d.vendorId && d.deviceId) wanted.devices.add(`${d.vendorId}:${d.deviceId}`);
    if (d.classCode) wanted.classes.add(d.classCode.slice(2, 6));
  }
  if (!wanted.devices.size && !wanted.classes.size) return;
  const wantedKey = [...wanted.devices].sort().join(',') + '|' + [...wanted.classes].sort().join(',');
  for (const file of DEEP_PATHS.pciIds) {
    // pci.ids is 1.3 MB: read and scanned again only when it changed or other devices are asked.
    const stamp = fs.stamp ? await fs.stamp(file) : null;
    if (stamp?.id === 'missing') continue;
    const key = stamp?.settled ? `${file}\u0000${stamp.id}\u0000${wantedKey}` : null;
    let names = key === null ? undefined : pciNamesCache.get(key);
    if (!names) {
      const r = await fs.readText(file, PCI_IDS_MAX);
      if (!r.ok) continue;
      names = lookupPciNames(r.value.text, wanted);
      if (key !== null) {
        if (pciNamesCache.size >= 8) pciNamesCache.clear();
        pciNamesCache.set(key, names);
      }
    }
    report.pciIds = file;
    for (const d of devices) {
      if (d.vendorId) d.vendorName = names.vendors.get(d.vendorId) ?? null;
      if (d.vendorId && d.deviceId) d.deviceName = names.devices.get(`${d.vendorId}:${d.deviceId}`) ?? null;
      if (d.classCode) {
        d.className = names.classes.get(d.classCode.slice(2, 6)) ?? names.classes.get(d.classCode.slice(2, 4)) ?? null;
      }
    }
    return;
  }
}

// --- Memory ---

/** The sizes a hugepages directory offers; null when it cannot be listed (reason in `failure`). */
async function readHugeSizes(
  fs: HostFs,
  dir: string,
  failure?: { reason: Reason | null },
): Promise<Map<number, { total: number | null; free: number | null }> | null> {
  const listing = await fs.list(dir);
  if (!listing.ok) {
    if (failure) failure.reason = listing.reason;
    return null;
  }
  const sizes = listing.value
    .map((n) => n.match(/^hugepages-(\d{1,10})kB$/)?.[1])
    .filter((s): s is string => s !== undefined)
    .slice(0, 16);
  const out = new Map<number, { total: number | null; free: number | null }>();
  await Promise.all(
    sizes.map(async (s) => {
      const [t, f] = await Promise.all([
        fs.readText(`${dir}/hugepages-${s}kB/nr_hugepages`, SMALL),
        fs.readText(`${dir}/hugepages-${s}kB/free_hugepages`, SMALL),
      ]);
      out.set(Number(s), { total: int(t), free: int(f) });
    }),
  );
  return out;
}

/**
 * Huge pages, THP, KSM and NUMA. `cpu` may be a promise: the sysfs reads start at once, and
 * the CPU flags (which sizes it supports) are needed only at the end.
 */
export async function probeMemory(
  fs: HostFs,
  cpuFacts: CpuinfoFacts | Promise<CpuinfoFacts>,
  unreadable: Unreadable,
): Promise<MemoryReport> {
  const globalFailure: { reason: Reason | null } = { reason: null };
  const [global, nodesR, thpR, ksmRunR, ksmSharingR] = await Promise.all([
    readHugeSizes(fs, DEEP_PATHS.hugepages, globalFailure),
    fs.list(DEEP_PATHS.nodes),
    fs.readText(DEEP_PATHS.thp, SMALL),
    fs.readText(DEEP_PATHS.ksmRun, SMALL),
    fs.readText(DEEP_PATHS.ksmSharing, SMALL),
  ]);
  // Missing means a kernel without huge pages (no CONFIG_HUGETLBFS): a fact, not a failure.
  if (globalFailure.reason && !isMissing(globalFailure.reason))
    note(unreadable, DEEP_PATHS.hugepages, globalFailure.reason);
  if (!nodesR.ok && !isMissing(nodesR.reason)) note(unreadable, DEEP_PATHS.nodes, nodesR.reason);
  const nodeIds = nodesR.ok
    ? nodesR.value
        .map((n) => n.match(/^node(\d{1,5})$/)?.[1])
        .filter((s): s is string => s !== undefined)
        .map(Number)
        .sort((a, b) => a - b)
        .slice(0, MAX_NODES)
    : [];
  const nodes = await mapLimit(nodeIds, CONCURRENCY, async (node) => {
    const dir = `${DEEP_PATHS.nodes}/node${node}`;
    const [cpulistR, meminfoR, huge] = await Promise.all([
      fs.readText(`${dir}/cpulist`, SMALL),
      fs.readText(`${dir}/meminfo`, 16 * 1024),
      readHugeSizes(fs, `${dir}/hugepages`),
    ]);
    const cpus = line(cpulistR);
    const mem = meminfoR.ok ? meminfoR.value.text.match(/^Node\s+\d+\s+MemTotal:\s+(\d{1,15})\s+kB/m) : null;
    return {
      node,
      cpus: cpus && /^[\d,-]+$/.test(cpus) ? cpus : null,
      memTotalKb: mem ? Number(mem[1]) : null,
      huge,
    };
  });

  const cpu = await cpuFacts;
  const x86Flags = cpu.arch === 'x64' || cpu.arch === 'ia32' ? cpu.flags : null;
  const sizes = new Set<number>(global?.keys() ?? []);
  if (x86Flags?.has('pse')) sizes.add(2048);
  if (x86Flags?.has('pdpe1gb')) sizes.add(1048576);
  const hugePages: HugePageSize[] = [...sizes]
    .sort((a, b) => a - b)
    .map((sizeKb) => {
      const g = global?.get(sizeKb);
      const cpuSupports: Tri = x86Flags
        ? sizeKb === 2048
          ? x86Flags.has('pse')
          : sizeKb === 1048576
            ? x86Flags.has('pdpe1gb')
            : null
        : g
          ? true
          : null;
      return {
        sizeKb,
        cpuSupports,
        total: g?.total ?? null,
        free: g?.free ?? null,
        perNode: nodes
          .filter((n) => n.huge?.has(sizeKb))
          .map((n) => ({
            node: n.node,
            total: n.huge?.get(sizeKb)?.total ?? null,
            free: n.huge?.get(sizeKb)?.free ?? null,
          })),
      };
    });
  const thp = line(thpR)?.match(/\[(\w{1,20})\]/)?.[1] ?? null;
  return {
    hugePages,
    thp,
    ksm: { run: int(ksmRunR), pagesSharing: int(ksmSharingR) },
    numa: nodes.map(({ node, cpus, memTotalKb }) => ({ node, cpus, memTotalKb })),
  };
}

// --- Nested, persistently ---

const NESTED_OPTION = /^\s*options\s+kvm[-_](intel|amd)\s+(?:.*\s)?nested=(1|y|Y|on)(\s|$)/m;

/**
 * Whether /etc/modprobe.d sets nested=1 for kvm_intel / kvm_amd (`module`; null: either), and
 * in which file. `module` may be a promise: the directory is read before it is known.
 */
export async function probeNestedPersistent(
  fs: HostFs,
  moduleOf: 'kvm_intel' | 'kvm_amd' | null | Promise<'kvm_intel' | 'kvm_amd' | null>,
): Promise<{ nestedPersistent: Tri; nestedPersistentFile: string | null }> {
  const listing = await fs.list(DEEP_PATHS.modprobeD);
  if (!listing.ok) {
    return { nestedPersistent: isMissing(listing.reason) ? false : null, nestedPersistentFile: null };
  }
  const files = listing.value
    .filter((n) => /^[\w.@+-]{1,100}\.conf$/.test(n))
    .sort()
    .slice(0, 128);
  const texts = await mapLimit(files, CONCURRENCY, (f) => fs.readText(`${DEEP_PATHS.modprobeD}/${f}`, 64 * 1024));
  const module = await moduleOf;
  for (let i = 0; i < files.length; i++) {
    const r = texts[i];
    if (!r?.ok) continue;
    const m = r.value.text.match(NESTED_OPTION);
    if (m && (module === null || module === `kvm_${m[1]}`)) {
      return { nestedPersistent: true, nestedPersistentFile: `${DEEP_PATHS.modprobeD}/${files[i]}` };
    }
  }
  return { nestedPersistent: false, nestedPersistentFile: null };
}

// --- Groups ---

/** The kvm and libvirt lines of the last /etc/group read, by its stamp. */
let groupCache: { key: string; entries: Map<string, { gid: number; members: string[] }> } | undefined;

export async function probeAccess(fs: HostFs, user: ProbeUser | null, unreadable: Unreadable): Promise<AccessReport> {
  if (user === null) return { groups: null };
  // /etc/group can be long and rarely changes: what it said is kept with its stamp.
  const stamp = fs.stamp ? await fs.stamp(DEEP_PATHS.group) : null;
  const key = stamp?.settled ? stamp.id : null;
  let entries = key !== null && groupCache?.key === key ? groupCache.entries : undefined;
  let r: FsResult<TextRead> | { ok: true } = { ok: true };
  if (!entries) {
    const read = await fs.readText(DEEP_PATHS.group, 1024 * 1024);
    r = read;
    if (!read.ok) note(unreadable, DEEP_PATHS.group, read.reason);
    entries = new Map();
    if (read.ok) {
      for (const l of read.value.text.split(/\r?\n/)) {
        const [name, , gid, members] = l.split(':');
        if ((name === 'kvm' || name === 'libvirt') && gid && /^\d{1,10}$/.test(gid) && !entries.has(name)) {
          entries.set(name, { gid: Number(gid), members: (members ?? '').split(',').filter(Boolean) });
        }
      }
      if (key !== null) groupCache = { key, entries };
    }
  }
  const groups = (['kvm', 'libvirt'] as const).map((name): GroupMembership => {
    if (!r.ok) return { name, exists: null, member: null, listed: null };
    const e = entries.get(name);
    if (!e) return { name, exists: false, member: false, listed: false };
    return {
      name,
      exists: true,
      member: user.groupIds.includes(e.gid),
      listed: user.name === null ? null : e.members.includes(user.name),
    };
  });
  return { groups };
}
