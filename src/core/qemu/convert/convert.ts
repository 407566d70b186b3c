// QEMU command line → libvirt domain XML. Each option family is read into a small model of the
// domain, which is then written as XML in libvirt's element order. What libvirt cannot say goes
// into <qemu:commandline> (the option as written) and into `unmapped` with a reason code; what
// libvirt does itself (monitors, daemonizing) is only reported. Ids link options as QEMU links
// them: -device netdev=/drive=/chardev=/rng=/tpmdev=, -numa memdev=, -machine memory-backend=,
// pflash0=/pflash1= and -blockdev node names.
import type { QemuArch, QemuData } from '../data';
import {
  isOff,
  isOn,
  joinItems,
  parseCommand,
  parseSize,
  readArgs,
  readBlockdev,
  splitItems,
  type Args,
  type QemuOpt,
} from './parse';
import type { Unmapped, UnmappedCode } from './reasons';
import { el, serialize, type XmlNode } from './xml';

export const QEMU_NS = 'http://libvirt.org/schemas/domain/qemu/1.0';

export interface Conversion {
  xml: string;
  unmapped: Unmapped[];
  arch: QemuArch;
}

export interface ConvertOptions {
  /** Where relative paths of the command line are taken to be (the script's folder); default /var/lib/libvirt/images. */
  base?: string;
}

export const DEFAULT_BASE = '/var/lib/libvirt/images';

export type ConversionFailure = { error: 'no-qemu-line' | 'unsupported-arch' };

interface DiskSpec {
  option: string;
  source?: { type: 'file' | 'block' | 'network'; path: string; protocol?: string; host?: string; port?: string };
  format?: string;
  device: 'disk' | 'cdrom' | 'floppy';
  bus?: string;
  index?: number;
  readonly?: boolean;
  cache?: string;
  discard?: string;
  io?: string;
  detectZeroes?: string;
  serial?: string;
  bootOrder?: number;
  transient?: boolean;
  errorPolicy?: string;
  rerrorPolicy?: string;
  scsiController?: number;
  used?: boolean;
}

interface Backend {
  option: string;
  args: Args;
  used?: boolean;
}

const DISK_DEVICES: Record<string, { bus: string; device?: 'cdrom' }> = {
  'virtio-blk-pci': { bus: 'virtio' },
  'virtio-blk-device': { bus: 'virtio' },
  'virtio-blk': { bus: 'virtio' },
  'scsi-hd': { bus: 'scsi' },
  'scsi-disk': { bus: 'scsi' },
  'scsi-cd': { bus: 'scsi', device: 'cdrom' },
  'ide-hd': { bus: 'ide' },
  'ide-drive': { bus: 'ide' },
  'ide-cd': { bus: 'ide', device: 'cdrom' },
  'usb-storage': { bus: 'usb' },
};
const NIC_MODELS: Record<string, string> = {
  'virtio-net-pci': 'virtio',
  'virtio-net-device': 'virtio',
  'virtio-net': 'virtio',
  virtio: 'virtio',
  e1000: 'e1000',
  'e1000-82545em': 'e1000',
  e1000e: 'e1000e',
  rtl8139: 'rtl8139',
  vmxnet3: 'vmxnet3',
  ne2k_pci: 'ne2k_pci',
  pcnet: 'pcnet',
  i82559er: 'i82559er',
  'usb-net': 'usb-net',
};
const SCSI_MODELS: Record<string, string> = {
  'virtio-scsi-pci': 'virtio-scsi',
  'virtio-scsi-device': 'virtio-scsi',
  'virtio-scsi': 'virtio-scsi',
  lsi53c895a: 'lsilogic',
  lsi: 'lsilogic',
  megasas: 'megasas',
  mptsas1068: 'mptsas1068',
  pvscsi: 'vmpvscsi',
};
const USB_MODELS: Record<string, string> = {
  'qemu-xhci': 'qemu-xhci',
  'nec-usb-xhci': 'nec-xhci',
  'piix3-usb-uhci': 'piix3-uhci',
  'piix4-usb-uhci': 'piix4-uhci',
  'ich9-usb-ehci1': 'ich9-ehci1',
  'ich9-usb-uhci1': 'ich9-uhci1',
  'ich9-usb-uhci2': 'ich9-uhci2',
  'ich9-usb-uhci3': 'ich9-uhci3',
  'usb-ehci': 'ehci',
  'pci-ohci': 'pci-ohci',
};
const INPUTS: Record<string, [type: string, bus: string]> = {
  'usb-tablet': ['tablet', 'usb'],
  'usb-mouse': ['mouse', 'usb'],
  'usb-kbd': ['keyboard', 'usb'],
  'virtio-keyboard-pci': ['keyboard', 'virtio'],
  'virtio-mouse-pci': ['mouse', 'virtio'],
  'virtio-tablet-pci': ['tablet', 'virtio'],
  'virtio-keyboard-device': ['keyboard', 'virtio'],
  'virtio-mouse-device': ['mouse', 'virtio'],
  'virtio-tablet-device': ['tablet', 'virtio'],
};
const VIDEO_DEVICES: Record<string, string> = {
  VGA: 'vga',
  'cirrus-vga': 'cirrus',
  'qxl-vga': 'qxl',
  qxl: 'qxl',
  'virtio-vga': 'virtio',
  'virtio-gpu-pci': 'virtio',
  'virtio-gpu-device': 'virtio',
  'virtio-gpu': 'virtio',
  'virtio-vga-gl': 'virtio',
  'virtio-gpu-gl-pci': 'virtio',
  'vmware-svga': 'vmvga',
  'bochs-display': 'bochs',
  ramfb: 'ramfb',
};
const VGA_OPTION: Record<string, string> = {
  std: 'vga',
  cirrus: 'cirrus',
  vmware: 'vmvga',
  qxl: 'qxl',
  virtio: 'virtio',
  none: 'none',
};
const SOUND_DEVICES: Record<string, string> = {
  'intel-hda': 'ich6',
  'ich9-intel-hda': 'ich9',
  AC97: 'ac97',
  ES1370: 'es1370',
  sb16: 'sb16',
  'usb-audio': 'usb',
};
/** The sound models of -soundhw and -audio model=, as libvirt's <sound> models (hda: intel-hda with hda-duplex, ich6's default codec). */
const SOUNDHW_MODELS: Record<string, string> = {
  hda: 'ich6',
  ac97: 'ac97',
  es1370: 'es1370',
  sb16: 'sb16',
  pcspk: 'pcspk',
};
const AUDIO_TYPES = ['none', 'alsa', 'coreaudio', 'jack', 'oss', 'pulseaudio', 'sdl', 'spice', 'file', 'dbus'];
const HDA_CODECS: Record<string, string> = { 'hda-duplex': 'duplex', 'hda-micro': 'micro', 'hda-output': 'output' };
const BALLOONS = new Set(['virtio-balloon-pci', 'virtio-balloon-device', 'virtio-balloon']);
const RNGS = new Set(['virtio-rng-pci', 'virtio-rng-device', 'virtio-rng']);
const VSOCKS = new Set(['vhost-vsock-pci', 'vhost-vsock-device']);
const WATCHDOGS = new Set(['i6300esb', 'ib700', 'diag288']);
const TPMS: Record<string, string> = { 'tpm-tis': 'tpm-tis', 'tpm-crb': 'tpm-crb', 'tpm-tis-device': 'tpm-tis' };
const PCI_CONTROLLERS: Record<string, string> = {
  'pci-bridge': 'pci-bridge',
  'pcie-root-port': 'pcie-root-port',
  ioh3420: 'pcie-root-port',
  'pcie-pci-bridge': 'pcie-to-pci-bridge',
  'x3130-upstream': 'pcie-switch-upstream-port',
  'xio3130-downstream': 'pcie-switch-downstream-port',
};
const SATA_CONTROLLERS = new Set(['ich9-ahci', 'ahci']);
const SERIAL_CONTROLLERS = new Set(['virtio-serial-pci', 'virtio-serial-device', 'virtio-serial']);
const HV_FLAGS: Record<string, string> = {
  relaxed: 'relaxed',
  vapic: 'vapic',
  vpindex: 'vpindex',
  runtime: 'runtime',
  synic: 'synic',
  stimer: 'stimer',
  reset: 'reset',
  frequencies: 'frequencies',
  reenlightenment: 'reenlightenment',
  tlbflush: 'tlbflush',
  ipi: 'ipi',
  evmcs: 'evmcs',
};
const MONITOR_OPTIONS = new Set(['-monitor', '-qmp', '-qmp-pretty', '-mon']);
/** Options libvirt sets or replaces on its own command line. */
const LIBVIRT_MANAGED = new Set([
  '-daemonize',
  '-pidfile',
  '-runas',
  '-chroot',
  '-sandbox',
  '-msg',
  '-no-user-config',
  '-nodefaults',
  '-S',
  '-D',
  '-d',
  '-trace',
  '-no-shutdown',
  '-name-process',
  '-writeconfig',
  '-readconfig',
  '-incoming',
  '-loadvm',
  '-run-with',
  '-enable-sync-profile',
  '-version',
  '-h',
  '-help',
  '-full-screen',
  '-echr',
]);
/** Options passed through as written: no libvirt element, but harmless beside libvirt's own line. */
const PASSTHROUGH_OPTIONS = new Set([
  '-s',
  '-gdb',
  '-L',
  '-icount',
  '-semihosting',
  '-semihosting-config',
  '-singlestep',
  '-plugin',
  '-watchdog',
  '-sd',
  '-mtdblock',
  '-parallel',
  '-device-help',
  '-add-fd',
  '-action',
  '-option-rom',
  '-acpitable',
  '-win2k-hack',
  '-no-fd-bootchk',
  '-portrait',
  '-rotate',
  '-alt-grab',
  '-ctrl-grab',
  '-show-cursor',
  '-prom-env',
  '-compat',
  '-iscsi',
  '-rtc-td-hack',
  '-tb-size',
  '-g',
  '-old-param',
  '-only-migratable',
  '-async-teardown',
]);
const BOOT_DEVS: Record<string, string> = {
  a: 'fd',
  b: 'fd',
  c: 'hd',
  d: 'cdrom',
  n: 'network',
  o: 'network',
  p: 'network',
};

class Converter {
  readonly unmapped: Unmapped[] = [];
  readonly passthrough: string[] = [];
  type: 'kvm' | 'qemu' = 'qemu';
  name = 'qemu-guest';
  uuid?: string;
  machine?: string;
  memory = 128 * 2 ** 20; // QEMU's default: 128 MiB
  maxMemory?: { bytes: number; slots: number };
  vcpus = 1;
  maxVcpus?: number;
  topology?: { sockets: number; dies: number; cores: number; threads: number };
  cpu?: XmlNode;
  cpuFeatures: XmlNode[] = [];
  /** -k: the keyboard layout of a VNC or SPICE display. */
  keymap?: { opt: QemuOpt; layout: string };
  cpuMode?: string;
  cpuModel?: string;
  numa: XmlNode[] = [];
  numatune: XmlNode[] = [];
  memoryBacking: XmlNode[] = [];
  features = new Map<string, XmlNode>();
  hyperv: XmlNode[] = [];
  kvmHidden = false;
  loader?: { path: string; type: 'rom' | 'pflash'; readonly: boolean };
  nvram?: string;
  kernel?: string;
  initrd?: string;
  cmdline?: string;
  dtb?: string;
  bootDevs: string[] = [];
  bootMenu?: XmlNode;
  rebootTimeout?: string;
  clockOffset = 'utc';
  /** -rtc base=<date>: seconds since the epoch, for offset='absolute'. */
  clockStart?: number;
  timers: XmlNode[] = [];
  sysinfo: { bios: XmlNode[]; system: XmlNode[]; baseBoard: XmlNode[]; chassis: XmlNode[]; oem: XmlNode[] } = {
    bios: [],
    system: [],
    baseBoard: [],
    chassis: [],
    oem: [],
  };
  fwcfg: XmlNode[] = [];
  onReboot?: string;
  noAcpi = false;
  iothreads = 0;
  devices: XmlNode[] = [];
  graphics: XmlNode[] = [];
  videos: XmlNode[] = [];
  serials: XmlNode[] = [];
  disks: DiskSpec[] = [];
  drivesById = new Map<string, DiskSpec>();
  blockdevs = new Map<string, { opt: QemuOpt; node: Record<string, unknown>; used?: boolean }>();
  netdevs = new Map<string, Backend>();
  chardevs = new Map<string, Backend>();
  objects = new Map<string, Backend>();
  tpmdevs = new Map<string, Backend>();
  fsdevs = new Map<string, Backend>();
  audiodevs = new Map<string, number>();
  scsiControllers = new Map<string, number>();
  scsiCount = 0;
  nographic = false;
  balloon = false;
  hasBootIndex = false;
  usbController = false;
  nodefaults = false;
  hasSound = false;
  memoryBackend?: string;
  pflashNodes: string[] = [];
  watchdogAction?: string;
  cpuCache = false;
  dumpCore?: string;
  accelSeen = false;
  snapshot = false;
  bootOpt?: QemuOpt;
  pm?: XmlNode[];
  netNics: { opt: QemuOpt; args: Args }[] = [];
  netBackends: { opt: QemuOpt; args: Args }[] = [];
  audios: XmlNode[] = [];

  constructor(
    readonly arch: QemuArch,
    program: string,
    readonly base: string,
  ) {
    if (program === 'qemu-kvm') this.type = 'kvm';
  }

  report(opt: QemuOpt, code: UnmappedCode, args: string[] = [], passthrough = false, key?: string): void {
    const written =
      key !== undefined
        ? `${opt.written} ${key}`
        : opt.arg !== undefined && !opt.positional
          ? `${opt.written} ${opt.arg}`
          : opt.written;
    this.unmapped.push({ option: written, code, args, passthrough });
    if (passthrough) {
      if (opt.positional) this.passthrough.push(opt.written);
      else {
        this.passthrough.push(opt.written);
        if (opt.arg !== undefined) this.passthrough.push(opt.arg);
      }
    }
  }

  ignoredKeys(opt: QemuOpt, args: Args, known: readonly string[]): void {
    for (const it of args.list) {
      if (known.includes(it.key)) continue;
      this.report(opt, 'key-ignored', [it.key], false, it.value === undefined ? it.key : `${it.key}=${it.value}`);
    }
  }

  /** libvirt takes absolute paths only: a relative one is placed under `base` and reported. */
  abs(path: string | undefined, option: string): string | undefined {
    if (path === undefined || path === '' || path.startsWith('/') || /^[a-zA-Z]:\\/.test(path)) return path;
    const full = `${this.base.replace(/\/+$/, '')}/${path.replace(/^\.\//, '')}`;
    this.unmapped.push({ option: `${option} ${path}`, code: 'relative-path', args: [path, full], passthrough: false });
    return full;
  }

  get q35(): boolean {
    return /q35/.test(this.machine ?? '');
  }
}

/** Converts the first QEMU command in `text`; `datas` tells which options take an argument. */
export function convertQemu(
  text: string,
  datas: QemuData[],
  options: ConvertOptions = {},
): Conversion | ConversionFailure {
  const parsed = parseCommand(text, datas);
  if (typeof parsed === 'string') return { error: parsed };
  const c = new Converter(parsed.arch, parsed.program, options.base ?? DEFAULT_BASE);
  const opts = parsed.opts;
  for (const opt of opts) {
    const w = opt.arg ?? '';
    if (/\$[{(A-Za-z_@*#?!0-9]|`/.test(w)) c.report(opt, 'shell-expansion', [w]);
  }
  // Definitions first (ids), then everything that refers to them.
  for (const opt of opts) define(c, opt);
  // QEMU creates the -drive backends before any -device, so a device may name a later drive.
  for (const opt of opts) if (opt.option === '-drive') apply(c, opt);
  for (const opt of opts) if (opt.option !== '-drive') apply(c, opt);
  finish(c);
  return { xml: write(c), unmapped: c.unmapped, arch: parsed.arch };
}

function define(c: Converter, opt: QemuOpt): void {
  const a = opt.arg;
  if (a === undefined) return;
  const store = (m: Map<string, Backend>) => {
    const args = readArgs(opt.option, a);
    const id = args.map.get('id');
    if (id !== undefined) m.set(id, { option: opt.written, args });
  };
  switch (opt.option) {
    case '-netdev':
      return store(c.netdevs);
    case '-chardev':
      return store(c.chardevs);
    case '-object':
      return store(c.objects);
    case '-tpmdev':
      return store(c.tpmdevs);
    case '-fsdev':
      return store(c.fsdevs);
    case '-blockdev': {
      const node = readBlockdev(a);
      const name = node?.['node-name'];
      if (node && typeof name === 'string') c.blockdevs.set(name, { opt, node });
      return;
    }
    case '-machine':
    case '-M': {
      const args = readArgs(opt.option, a);
      const t = args.map.get('type');
      if (t) c.machine = t;
      return;
    }
    case '-audiodev': {
      const id = readArgs(opt.option, a).map.get('id');
      if (id !== undefined) c.audiodevs.set(id, c.audiodevs.size + 1);
      return;
    }
  }
}

function driveDefaultBus(c: Converter): string {
  if (c.arch === 'aarch64') return 'virtio';
  return c.q35 ? 'sata' : 'ide';
}

function addDiskFromFile(c: Converter, opt: QemuOpt, file: string, extra: Partial<DiskSpec>): DiskSpec {
  const spec: DiskSpec = { option: opt.written, device: 'disk', ...extra };
  setSource(c, spec, file);
  c.disks.push(spec);
  return spec;
}

function setSource(c: Converter, spec: DiskSpec, file: string | undefined): void {
  if (!file) return;
  const net = /^(https?|ftps?|nbd|tftp):\/\/([^/:]+)(?::(\d+))?(\/.*)?$/.exec(file);
  if (net) {
    spec.source = {
      type: 'network',
      protocol: net[1],
      host: net[2],
      port: net[3],
      path: (net[4] ?? '/').replace(/^\//, '') || '/',
    };
    if (net[1] === 'nbd') spec.source.path = spec.source.path.replace(/^\//, '');
    return;
  }
  spec.source = { type: file.startsWith('/dev/') ? 'block' : 'file', path: c.abs(file, spec.option) as string };
}

const CACHE_MODES = new Set(['none', 'writeback', 'writethrough', 'directsync', 'unsafe']);
const DRIVE_KEYS = [
  'file',
  'format',
  'if',
  'media',
  'cache',
  'discard',
  'readonly',
  'read-only',
  'index',
  'id',
  'aio',
  'snapshot',
  'detect-zeroes',
  'serial',
  'bus',
  'unit',
  'werror',
  'rerror',
  'node-name',
];

function drive(c: Converter, opt: QemuOpt, args: Args): void {
  const m = args.map;
  const iface = m.get('if') ?? 'default';
  // -drive takes the block layer's read-only= too.
  const ro = m.get('readonly') ?? m.get('read-only');
  if (iface === 'pflash') {
    const file = m.get('file');
    if (!file) return c.report(opt, 'invalid-value', [opt.arg ?? '']);
    const unit = m.get('unit');
    const isVars = unit === '1' || (unit === undefined && c.loader?.type === 'pflash');
    if (isVars) c.nvram = c.abs(file, opt.written);
    else
      c.loader = {
        path: c.abs(file, opt.written) as string,
        type: 'pflash',
        readonly: ro !== undefined ? !isOff(ro) : false,
      };
    c.ignoredKeys(opt, args, ['file', 'if', 'format', 'unit', 'readonly', 'read-only']);
    return;
  }
  if (
    ['sd', 'mtd'].includes(iface) ||
    (m.get('file') ?? '').startsWith('fat:') ||
    /^(rbd|gluster|iscsi|ssh|sheepdog|vvfat|json):/.test(m.get('file') ?? '')
  ) {
    return c.report(opt, 'passthrough', [], true);
  }
  const media = m.get('media') === 'cdrom' ? 'cdrom' : iface === 'floppy' ? 'floppy' : 'disk';
  const bus =
    iface === 'default' || iface === 'ide'
      ? iface === 'ide' && !c.q35 && c.arch === 'x86_64'
        ? 'ide'
        : driveDefaultBus(c)
      : iface === 'floppy'
        ? 'fdc'
        : iface === 'none'
          ? undefined
          : iface;
  const spec: DiskSpec = { option: opt.written, device: media, bus };
  setSource(c, spec, m.get('file'));
  const fmt = m.get('format');
  if (fmt) spec.format = fmt;
  if (ro !== undefined) spec.readonly = !isOff(ro);
  const cache = m.get('cache');
  if (cache && CACHE_MODES.has(cache)) spec.cache = cache;
  const discard = m.get('discard');
  if (discard) spec.discard = discard === 'on' || discard === 'unmap' ? 'unmap' : 'ignore';
  const aio = m.get('aio');
  if (aio && ['threads', 'native', 'io_uring'].includes(aio)) spec.io = aio;
  const dz = m.get('detect-zeroes');
  if (dz && ['on', 'off', 'unmap'].includes(dz)) spec.detectZeroes = dz;
  if (m.get('serial')) spec.serial = m.get('serial');
  if (isOn(m.get('snapshot'))) spec.transient = true;
  const index = m.get('index');
  if (index !== undefined && /^\d+$/.test(index)) spec.index = Number(index);
  else if (m.get('unit') !== undefined && /^\d+$/.test(m.get('unit') as string))
    spec.index = Number(m.get('bus') ?? 0) * 2 + Number(m.get('unit'));
  // werror=/rerror= are the disk driver's error_policy and rerror_policy.
  const policy = (k: string, allowed: string[]): string | undefined => {
    const v = m.get(k) === 'enospc' ? 'enospace' : m.get(k);
    if (v === undefined) return undefined;
    if (allowed.includes(v)) return v;
    c.report(opt, 'key-ignored', [k], false, `${k}=${m.get(k)}`);
    return undefined;
  };
  spec.errorPolicy = policy('werror', ['stop', 'report', 'ignore', 'enospace']);
  spec.rerrorPolicy = policy('rerror', ['stop', 'report', 'ignore']);
  c.ignoredKeys(opt, args, DRIVE_KEYS);
  if (m.has('node-name')) c.report(opt, 'key-ignored', ['node-name'], false, `node-name=${m.get('node-name')}`);
  if (iface === 'none') {
    const id = m.get('id');
    if (id !== undefined) c.drivesById.set(id, spec);
    else c.report(opt, 'unreferenced', ['']);
    return;
  }
  spec.used = true;
  c.disks.push(spec);
}

/** A -blockdev chain from its top node: format node → protocol node. */
function blockdevDisk(c: Converter, name: string, opt: QemuOpt): DiskSpec | undefined {
  const spec: DiskSpec = { option: opt.written, device: 'disk' };
  let node: Record<string, unknown> | undefined = c.blockdevs.get(name)?.node;
  const seen = new Set<unknown>();
  while (node && !seen.has(node)) {
    seen.add(node);
    const bd = typeof node['node-name'] === 'string' ? c.blockdevs.get(node['node-name']) : undefined;
    if (bd) bd.used = true;
    const driver = String(node.driver ?? '');
    if (node['read-only'] !== undefined && isOn(String(node['read-only']))) spec.readonly = true;
    const cache = node.cache as Record<string, unknown> | undefined;
    if (cache && typeof cache === 'object') {
      const direct = isOn(String(cache.direct ?? 'off'));
      const noFlush = isOn(String(cache['no-flush'] ?? 'off'));
      spec.cache = noFlush ? 'unsafe' : direct ? 'none' : 'writeback';
    }
    if (node.discard !== undefined)
      spec.discard = node.discard === 'unmap' || node.discard === 'on' ? 'unmap' : 'ignore';
    if (driver === 'file' || driver === 'host_device' || driver === 'host_cdrom') {
      const fn = String(node.filename ?? '');
      spec.source = { type: driver === 'file' ? 'file' : 'block', path: c.abs(fn, opt.written) as string };
      return spec;
    }
    if (['http', 'https', 'nbd'].includes(driver)) {
      const url = String(node.url ?? '');
      setSource(c, spec, url || undefined);
      return spec;
    }
    if (
      !spec.format &&
      ['qcow2', 'raw', 'vmdk', 'vdi', 'vpc', 'vhdx', 'qed', 'qcow', 'luks', 'cloop', 'dmg', 'parallels'].includes(
        driver,
      )
    )
      spec.format = driver;
    const file = node.file;
    if (typeof file === 'string') node = c.blockdevs.get(file)?.node;
    else if (file && typeof file === 'object') node = file as Record<string, unknown>;
    else node = undefined;
  }
  return spec.source ? spec : undefined;
}

function netdevInterface(
  c: Converter,
  opt: QemuOpt,
  backendOpt: QemuOpt | undefined,
  nd: Args | undefined,
  model: string,
  dev?: Args,
): XmlNode | undefined {
  const m = nd?.map;
  const type = m?.get('type') ?? 'user';
  const children: (XmlNode | undefined)[] = [];
  let itype: string;
  const bOpt = backendOpt ?? opt;
  const known = ['type', 'id'];
  if (type === 'user') {
    itype = 'user';
    const net = m?.get('net');
    if (net) {
      const [addr, prefix] = net.split('/');
      children.push(el('ip', { family: 'ipv4', address: addr, prefix: prefix ?? '24' }));
      known.push('net');
    }
    for (const it of nd?.list ?? [])
      if (it.key === 'hostfwd') c.report(bOpt, 'hostfwd', [it.value ?? ''], false, `hostfwd=${it.value}`);
    known.push('hostfwd');
  } else if (type === 'tap') {
    const ifname = m?.get('ifname');
    const br = m?.get('br');
    if (br) {
      itype = 'bridge';
      children.push(el('source', { bridge: br }));
    } else {
      itype = 'ethernet';
      if (ifname) children.push(el('target', { dev: ifname, managed: 'no' }));
      const script = m?.get('script');
      if (script && script !== 'no') children.push(el('script', { path: c.abs(script, bOpt.written) }));
      known.push('script', 'downscript');
    }
    known.push('ifname', 'br', 'vhost', 'queues');
  } else if (type === 'bridge') {
    itype = 'bridge';
    children.push(el('source', { bridge: m?.get('br') ?? 'br0' }));
    known.push('br');
  } else {
    return undefined;
  }
  const mac = dev?.map.get('mac') ?? dev?.map.get('macaddr');
  if (mac && /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(mac)) children.unshift(el('mac', { address: mac }));
  else if (mac) c.report(opt, 'invalid-value', [mac], false, `mac=${mac}`);
  children.push(el('model', { type: model }));
  const vhost = m?.get('vhost');
  const queues = m?.get('queues');
  if (isOn(vhost) || queues)
    children.push(
      el('driver', {
        name: isOn(vhost) ? 'vhost' : undefined,
        queues: queues && model === 'virtio' ? queues : undefined,
      }),
    );
  const rom = dev?.map.get('romfile');
  if (rom !== undefined) children.push(rom === '' ? el('rom', { enabled: 'no' }) : el('rom', { file: rom }));
  const boot = dev?.map.get('bootindex');
  if (boot && /^\d+$/.test(boot)) {
    children.push(el('boot', { order: Number(boot) + 1 }));
    c.hasBootIndex = true;
  }
  const mtu = dev?.map.get('host_mtu');
  if (mtu) children.push(el('mtu', { size: mtu }));
  if (nd && backendOpt) c.ignoredKeys(backendOpt, nd, known);
  return el('interface', { type: itype }, ...children);
}

function chardevSource(ch: Args | undefined, c?: Converter): { type: string; children: XmlNode[] } | undefined {
  if (!ch) return { type: 'pty', children: [] };
  const m = ch.map;
  const p = (path: string | undefined) => (c ? c.abs(path, '-chardev') : path);
  const backend = m.get('backend') ?? '';
  const server = isOn(m.get('server')) || m.get('server') === 'on' || (m.has('server') && !isOff(m.get('server')));
  switch (backend) {
    case 'pty':
    case 'null':
    case 'stdio':
    case 'vc':
    case 'spicevmc':
      return { type: backend, children: [] };
    case 'file':
      return { type: 'file', children: [el('source', { path: p(m.get('path')) })] };
    case 'pipe':
      return { type: 'pipe', children: [el('source', { path: p(m.get('path')) })] };
    case 'socket': {
      const path = p(m.get('path'));
      if (path) return { type: 'unix', children: [el('source', { mode: server ? 'bind' : 'connect', path })] };
      const telnet = isOn(m.get('telnet'));
      return {
        type: 'tcp',
        children: [
          el('source', { mode: server ? 'bind' : 'connect', host: m.get('host') || '0.0.0.0', service: m.get('port') }),
          el('protocol', { type: telnet ? 'telnet' : 'raw' }),
        ],
      };
    }
    case 'udp':
      return {
        type: 'udp',
        children: [el('source', { mode: 'connect', host: m.get('host') || '127.0.0.1', service: m.get('port') })],
      };
  }
  return undefined;
}

/** `-serial` style specifications: `stdio`, `pty`, `file:PATH`, `tcp:HOST:PORT,server,nowait`, `unix:PATH,server`, `chardev:ID`, `mon:stdio`. */
function serialSpec(c: Converter, spec: string): { type: string; children: XmlNode[] } | undefined {
  if (spec.startsWith('chardev:')) {
    const ch = c.chardevs.get(spec.slice(8));
    if (ch) ch.used = true;
    return ch ? chardevSource(ch.args, c) : undefined;
  }
  if (spec.startsWith('mon:')) return serialSpec(c, spec.slice(4));
  const [head, ...rest] = spec.split(',');
  const flags = new Set(rest);
  const server = flags.has('server') || flags.has('server=on');
  if (['stdio', 'pty', 'null', 'vc'].includes(head)) return { type: head, children: [] };
  if (head.startsWith('file:'))
    return { type: 'file', children: [el('source', { path: c.abs(head.slice(5), '-serial') })] };
  if (head.startsWith('unix:'))
    return {
      type: 'unix',
      children: [el('source', { mode: server ? 'bind' : 'connect', path: c.abs(head.slice(5), '-serial') })],
    };
  const tcp = /^(tcp|telnet):([^:]*):(\d+)$/.exec(head);
  if (tcp)
    return {
      type: 'tcp',
      children: [
        el('source', { mode: server ? 'bind' : 'connect', host: tcp[2] || '0.0.0.0', service: tcp[3] }),
        el('protocol', { type: tcp[1] === 'telnet' ? 'telnet' : 'raw' }),
      ],
    };
  if (/^\/dev\//.test(head)) return { type: 'dev', children: [el('source', { path: head })] };
  return undefined;
}

function addMemoryBackend(c: Converter, id: string, opt: QemuOpt): number | undefined {
  const obj = c.objects.get(id);
  if (!obj) {
    c.report(opt, 'missing-reference', [id]);
    return undefined;
  }
  obj.used = true;
  const m = obj.args.map;
  const qom = m.get('qom-type') ?? '';
  const backing: XmlNode[] = [];
  if (qom === 'memory-backend-memfd') backing.push(el('source', { type: 'memfd' }));
  if (qom === 'memory-backend-file') {
    const path = m.get('mem-path') ?? '';
    if (/huge/i.test(path)) backing.push(el('hugepages'));
    else backing.push(el('source', { type: 'file' }));
  }
  if (isOn(m.get('hugetlb'))) backing.push(el('hugepages'));
  if (isOn(m.get('share'))) backing.push(el('access', { mode: 'shared' }));
  if (isOn(m.get('prealloc'))) backing.push(el('allocation', { mode: 'immediate' }));
  for (const b of backing) if (!c.memoryBacking.some((x) => x.name === b.name)) c.memoryBacking.push(b);
  const backendOpt: QemuOpt = { option: '-object', written: obj.option, arg: undefined };
  c.ignoredKeys(backendOpt, obj.args, [
    'qom-type',
    'id',
    'size',
    'mem-path',
    'share',
    'prealloc',
    'hugetlb',
    'host-nodes',
    'policy',
    'hugetlbsize',
    'discard-data',
    'merge',
    'dump',
  ]);
  return parseSize(m.get('size'), 1);
}

function hostNodes(obj: Backend | undefined): { nodeset: string; mode: string } | undefined {
  const m = obj?.args;
  if (!m) return undefined;
  const nodes = m.list.filter((it) => it.key === 'host-nodes').map((it) => it.value ?? '');
  if (nodes.length === 0) return undefined;
  const policy = m.map.get('policy') ?? 'bind';
  const mode =
    policy === 'bind'
      ? 'strict'
      : policy === 'preferred'
        ? 'preferred'
        : policy === 'interleave'
          ? 'interleave'
          : 'strict';
  return { nodeset: nodes.join(','), mode };
}

function device(c: Converter, opt: QemuOpt, args: Args): void {
  const m = args.map;
  const driver = m.get('driver') ?? '';
  const boot = m.get('bootindex');
  const bootOrder = boot && /^\d+$/.test(boot) ? Number(boot) + 1 : undefined;
  if (bootOrder) c.hasBootIndex = true;
  const placement = ['driver', 'id', 'bus', 'addr', 'bootindex', 'multifunction'];
  const diskDev = DISK_DEVICES[driver];
  if (diskDev) {
    const ref = m.get('drive');
    let spec: DiskSpec | undefined;
    if (ref !== undefined) {
      spec = c.drivesById.get(ref);
      if (spec) {
        spec.used = true;
      } else if (c.blockdevs.has(ref)) {
        spec = blockdevDisk(c, ref, opt);
      }
    }
    if (!spec) {
      if (ref === undefined && diskDev.device === 'cdrom') spec = { option: opt.written, device: 'cdrom' };
      else return c.report(opt, 'missing-reference', [ref ?? 'drive'], true);
    }
    spec.device = diskDev.device ?? (spec.device === 'cdrom' ? 'cdrom' : 'disk');
    spec.bus = diskDev.bus === 'ide' && (c.q35 || /ahci|sata/.test(m.get('bus') ?? '')) ? 'sata' : diskDev.bus;
    if (diskDev.bus === 'scsi') {
      const b = /^(.*)\.\d+$/.exec(m.get('bus') ?? '');
      if (b && c.scsiControllers.has(b[1])) spec.scsiController = c.scsiControllers.get(b[1]);
    }
    if (bootOrder) spec.bootOrder = bootOrder;
    if (m.get('serial')) spec.serial = m.get('serial');
    if (!c.disks.includes(spec)) c.disks.push(spec);
    c.ignoredKeys(opt, args, [
      ...placement,
      'drive',
      'serial',
      'scsi-id',
      'lun',
      'channel',
      'unit',
      'num-queues',
      'logical_block_size',
      'physical_block_size',
      'share-rw',
    ]);
    return;
  }
  const nic = NIC_MODELS[driver];
  if (nic) {
    const ref = m.get('netdev');
    const nd = ref !== undefined ? c.netdevs.get(ref) : undefined;
    if (ref !== undefined && !nd) return c.report(opt, 'missing-reference', [ref], true);
    if (!nd) return c.report(opt, 'passthrough', [], true);
    const iface = netdevInterface(c, opt, { option: '-netdev', written: nd.option }, nd.args, nic, args);
    if (!iface) return c.report(opt, 'passthrough', [], true);
    nd.used = true;
    c.devices.push(iface);
    c.ignoredKeys(opt, args, [...placement, 'netdev', 'mac', 'romfile', 'host_mtu', 'mq', 'vectors']);
    return;
  }
  const scsi = SCSI_MODELS[driver];
  if (scsi) {
    const index = c.scsiCount++;
    const id = m.get('id');
    if (id) c.scsiControllers.set(id, index);
    c.devices.push(el('controller', { type: 'scsi', index, model: scsi }));
    c.ignoredKeys(opt, args, [...placement, 'num_queues', 'iothread']);
    return;
  }
  const usb = USB_MODELS[driver];
  if (usb) {
    c.usbController = true;
    c.devices.push(el('controller', { type: 'usb', model: usb, ports: m.get('p3') ? undefined : undefined }));
    c.ignoredKeys(opt, args, [...placement, 'masterbus', 'firstport', 'p2', 'p3']);
    return;
  }
  const input = INPUTS[driver];
  if (input) {
    c.devices.push(el('input', { type: input[0], bus: input[1] }));
    c.ignoredKeys(opt, args, placement);
    return;
  }
  const video = VIDEO_DEVICES[driver];
  if (video) {
    const gl = driver.includes('-gl') || isOn(m.get('virgl'));
    const vram = m.get('vgamem_mb');
    c.videos.push(
      el(
        'video',
        {},
        el(
          'model',
          {
            type: video,
            vram: vram ? Number(vram) * 1024 : undefined,
            primary: c.videos.length === 0 && video === 'qxl' ? undefined : undefined,
          },
          gl ? el('acceleration', { accel3d: 'yes' }) : undefined,
        ),
      ),
    );
    c.ignoredKeys(opt, args, [...placement, 'vgamem_mb', 'virgl', 'xres', 'yres']);
    return;
  }
  const sound = SOUND_DEVICES[driver];
  if (sound) {
    const ad = m.get('audiodev');
    c.devices.push(
      el('sound', { model: sound }, ad && c.audiodevs.has(ad) ? el('audio', { id: c.audiodevs.get(ad) }) : undefined),
    );
    c.hasSound = true;
    c.ignoredKeys(opt, args, [...placement, 'audiodev']);
    return;
  }
  const codec = HDA_CODECS[driver];
  if (codec) {
    const last = [...c.devices]
      .reverse()
      .find((d) => d.name === 'sound' && ['ich6', 'ich9'].includes(d.attrs.find((a) => a[0] === 'model')?.[1] ?? ''));
    if (!last) return c.report(opt, 'passthrough', [], true);
    last.children.unshift(el('codec', { type: codec }));
    c.ignoredKeys(opt, args, [...placement, 'audiodev']);
    return;
  }
  if (BALLOONS.has(driver)) {
    c.balloon = true;
    c.devices.push(
      el('memballoon', {
        model: 'virtio',
        autodeflate: isOn(m.get('deflate-on-oom')) ? 'on' : undefined,
        freePageReporting: isOn(m.get('free-page-reporting')) ? 'on' : undefined,
      }),
    );
    c.ignoredKeys(opt, args, [...placement, 'deflate-on-oom', 'free-page-reporting']);
    return;
  }
  if (RNGS.has(driver)) {
    const ref = m.get('rng');
    const obj = ref ? c.objects.get(ref) : undefined;
    if (ref && !obj) return c.report(opt, 'missing-reference', [ref], true);
    let backend: XmlNode;
    const qom = obj?.args.map.get('qom-type') ?? 'rng-builtin';
    if (qom === 'rng-random')
      backend = el('backend', { model: 'random' }, c.abs(obj?.args.map.get('filename'), '-object') ?? '/dev/urandom');
    else if (qom === 'rng-builtin') backend = el('backend', { model: 'builtin' });
    else return c.report(opt, 'passthrough', [], true);
    if (obj) obj.used = true;
    const period = m.get('period');
    const maxBytes = m.get('max-bytes');
    c.devices.push(
      el('rng', { model: 'virtio' }, maxBytes ? el('rate', { bytes: maxBytes, period }) : undefined, backend),
    );
    c.ignoredKeys(opt, args, [...placement, 'rng', 'period', 'max-bytes']);
    return;
  }
  if (VSOCKS.has(driver)) {
    const cid = m.get('guest-cid');
    c.devices.push(
      el('vsock', { model: 'virtio' }, cid ? el('cid', { auto: 'no', address: cid }) : el('cid', { auto: 'yes' })),
    );
    c.ignoredKeys(opt, args, [...placement, 'guest-cid']);
    return;
  }
  if (WATCHDOGS.has(driver)) {
    c.devices.push(el('watchdog', { model: driver, action: c.watchdogAction }));
    c.ignoredKeys(opt, args, placement);
    return;
  }
  const tpm = TPMS[driver];
  if (tpm) {
    const ref = m.get('tpmdev');
    const td = ref ? c.tpmdevs.get(ref) : undefined;
    if (!td) return c.report(opt, 'missing-reference', [ref ?? 'tpmdev'], true);
    td.used = true;
    const type = td.args.map.get('type');
    let backend: XmlNode;
    if (type === 'emulator') {
      backend = el('backend', { type: 'emulator', version: '2.0' });
      const ch = td.args.map.get('chardev');
      const chd = ch ? c.chardevs.get(ch) : undefined;
      if (chd) {
        chd.used = true;
        c.report(
          {
            option: '-chardev',
            written: '-chardev',
            arg: chd.args.list.map((i) => (i.value === undefined ? i.key : `${i.key}=${i.value}`)).join(','),
          },
          'libvirt-manages',
        );
      }
    } else if (type === 'passthrough') {
      backend = el('backend', { type: 'passthrough' }, el('device', { path: td.args.map.get('path') ?? '/dev/tpm0' }));
    } else return c.report(opt, 'passthrough', [], true);
    c.devices.push(el('tpm', { model: tpm }, backend));
    c.ignoredKeys(opt, args, [...placement, 'tpmdev']);
    return;
  }
  if (driver === 'vfio-pci') {
    const host = m.get('host');
    const a = host ? /^(?:([0-9a-fA-F]{4}):)?([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\.([0-7])$/.exec(host) : null;
    if (!a) return c.report(opt, 'passthrough', [], true);
    const children: XmlNode[] = [
      el(
        'source',
        {},
        el('address', { domain: `0x${a[1] ?? '0000'}`, bus: `0x${a[2]}`, slot: `0x${a[3]}`, function: `0x${a[4]}` }),
      ),
    ];
    if (bootOrder) children.push(el('boot', { order: bootOrder }));
    const rom = m.get('romfile');
    const rombar = m.get('rombar');
    if (rom !== undefined || rombar !== undefined)
      children.push(el('rom', { bar: rombar === '0' ? 'off' : undefined, file: rom || undefined }));
    c.devices.push(
      el('hostdev', { mode: 'subsystem', type: 'pci', managed: 'yes' }, el('driver', { name: 'vfio' }), ...children),
    );
    c.ignoredKeys(opt, args, [...placement, 'host', 'romfile', 'rombar']);
    return;
  }
  if (driver === 'usb-host') {
    const vid = m.get('vendorid');
    const pid = m.get('productid');
    const hb = m.get('hostbus');
    const ha = m.get('hostaddr');
    let source: XmlNode;
    if (vid && pid)
      source = el(
        'source',
        {},
        el('vendor', { id: vid.startsWith('0x') ? vid : `0x${vid}` }),
        el('product', { id: pid.startsWith('0x') ? pid : `0x${pid}` }),
      );
    else if (hb && ha) source = el('source', {}, el('address', { bus: hb, device: ha }));
    else return c.report(opt, 'passthrough', [], true);
    c.devices.push(el('hostdev', { mode: 'subsystem', type: 'usb', managed: 'yes' }, source));
    c.ignoredKeys(opt, args, [...placement, 'vendorid', 'productid', 'hostbus', 'hostaddr']);
    return;
  }
  if (driver === 'usb-hub') {
    c.devices.push(el('hub', { type: 'usb' }));
    c.ignoredKeys(opt, args, placement);
    return;
  }
  // PCI bridges and root ports: libvirt lays out the PCI topology itself (and numbers it).
  if (PCI_CONTROLLERS[driver]) return c.report(opt, 'libvirt-manages');
  if (SATA_CONTROLLERS.has(driver)) {
    c.devices.push(el('controller', { type: 'sata' }));
    c.ignoredKeys(opt, args, placement);
    return;
  }
  if (SERIAL_CONTROLLERS.has(driver)) {
    c.devices.push(el('controller', { type: 'virtio-serial' }));
    c.ignoredKeys(opt, args, [...placement, 'max_ports', 'disable-modern', 'disable-legacy']);
    return;
  }
  if (driver === 'virtserialport' || driver === 'virtconsole') {
    const ref = m.get('chardev');
    const ch = ref ? c.chardevs.get(ref) : undefined;
    if (!ch) return c.report(opt, 'missing-reference', [ref ?? 'chardev'], true);
    const src = chardevSource(ch.args, c);
    if (!src) return c.report(opt, 'passthrough', [], true);
    ch.used = true;
    if (driver === 'virtconsole')
      c.devices.push(el('console', { type: src.type }, ...src.children, el('target', { type: 'virtio' })));
    else
      c.devices.push(
        el('channel', { type: src.type }, ...src.children, el('target', { type: 'virtio', name: m.get('name') })),
      );
    c.ignoredKeys(opt, args, [...placement, 'chardev', 'name', 'nr']);
    return;
  }
  if (driver === 'isa-serial' || driver === 'pci-serial' || driver === 'pl011') {
    const ref = m.get('chardev');
    const ch = ref ? c.chardevs.get(ref) : undefined;
    const src = chardevSource(ch?.args, c);
    if (!src) return c.report(opt, 'passthrough', [], true);
    if (ch) ch.used = true;
    c.serials.push(
      el(
        'serial',
        { type: src.type },
        ...src.children,
        driver === 'pci-serial' ? el('target', { type: 'pci-serial' }) : undefined,
      ),
    );
    c.ignoredKeys(opt, args, [...placement, 'chardev', 'index']);
    return;
  }
  if (driver === 'usb-redir') {
    const ref = m.get('chardev');
    const ch = ref ? c.chardevs.get(ref) : undefined;
    if (!ch || ch.args.map.get('backend') !== 'spicevmc') return c.report(opt, 'passthrough', [], true);
    ch.used = true;
    c.devices.push(el('redirdev', { bus: 'usb', type: 'spicevmc' }));
    c.ignoredKeys(opt, args, [...placement, 'chardev']);
    return;
  }
  if (driver === 'virtio-9p-pci' || driver === 'virtio-9p-device') {
    const ref = m.get('fsdev');
    const fs = ref ? c.fsdevs.get(ref) : undefined;
    if (!fs) return c.report(opt, 'missing-reference', [ref ?? 'fsdev'], true);
    fs.used = true;
    c.devices.push(filesystem(c, fs.args, m.get('mount_tag') ?? ''));
    c.ignoredKeys(opt, args, [...placement, 'fsdev', 'mount_tag']);
    return;
  }
  if (driver === 'pvpanic' || driver === 'pvpanic-pci') {
    c.devices.push(el('panic', { model: driver === 'pvpanic' ? 'isa' : 'pvpanic' }));
    c.ignoredKeys(opt, args, [...placement, 'ioport']);
    return;
  }
  if (driver === 'intel-iommu' || driver === 'virtio-iommu-pci' || driver === 'virtio-iommu') {
    // intel-iommu's properties are the attributes of libvirt's <iommu><driver>.
    const onOff = (k: string) => (m.has(k) ? (isOff(m.get(k)) ? 'off' : 'on') : undefined);
    const aw = m.get('aw-bits');
    const drv =
      driver === 'intel-iommu'
        ? el('driver', {
            intremap: onOff('intremap'),
            caching_mode: onOff('caching-mode'),
            eim: onOff('eim'),
            iotlb: onOff('device-iotlb'),
            aw_bits: aw && /^\d+$/.test(aw) ? aw : undefined,
          })
        : undefined;
    c.devices.push(
      el('iommu', { model: driver === 'intel-iommu' ? 'intel' : 'virtio' }, drv && drv.attrs.length ? drv : undefined),
    );
    c.ignoredKeys(opt, args, [
      ...placement,
      ...(driver === 'intel-iommu' ? ['intremap', 'caching-mode', 'eim', 'device-iotlb', 'aw-bits'] : []),
    ]);
    return;
  }
  if (driver === 'vmcoreinfo') {
    c.features.set('vmcoreinfo', el('vmcoreinfo', { state: 'on' }));
    c.ignoredKeys(opt, args, placement);
    return;
  }
  c.report(opt, 'unknown-device', [driver], true);
}

function filesystem(c: Converter, fs: Args, tag: string): XmlNode {
  const m = fs.map;
  const sec = m.get('security_model');
  const access =
    sec === 'passthrough'
      ? 'passthrough'
      : sec === 'none'
        ? 'squash'
        : sec?.startsWith('mapped')
          ? 'mapped'
          : undefined;
  return el(
    'filesystem',
    { type: 'mount', accessmode: access },
    el('source', { dir: c.abs(m.get('path'), '-fsdev') ?? '/' }),
    el('target', { dir: tag || m.get('mount_tag') || 'fs0' }),
    isOn(m.get('readonly')) ? el('readonly') : undefined,
  );
}

function cpu(c: Converter, opt: QemuOpt): void {
  const items = splitItems(opt.arg ?? '');
  const model = items[0]?.value === undefined ? items[0]?.key : undefined;
  // QEMU keeps only the last -cpu: a model and flags from an earlier one are gone.
  if (model) {
    c.cpuModel = undefined;
    c.cpuFeatures = [];
  }
  if (model === 'host') c.cpuMode = 'host-passthrough';
  else if (model === 'max') c.cpuMode = 'maximum';
  else if (model) {
    c.cpuMode = 'custom';
    c.cpuModel = model;
  }
  for (const it of items.slice(model !== undefined ? 1 : 0)) {
    let name = it.key;
    let on: boolean | undefined;
    if (it.value === undefined) {
      if (name.startsWith('+')) on = true;
      else if (name.startsWith('-')) on = false;
      else on = true;
      name = name.replace(/^[+-]/, '');
    } else if (isOn(it.value)) on = true;
    else if (isOff(it.value)) on = false;
    const hv = /^hv[-_](.*)$/.exec(name);
    if (hv) {
      const f = hv[1].replace(/_/g, '-');
      if (f === 'spinlocks') c.hyperv.push(el('spinlocks', { state: 'on', retries: Number(it.value) || 8191 }));
      else if (f === 'vendor-id') c.hyperv.push(el('vendor_id', { state: 'on', value: it.value }));
      else if (f === 'time') c.timers.push(el('timer', { name: 'hypervclock', present: on === false ? 'no' : 'yes' }));
      else if (HV_FLAGS[f]) c.hyperv.push(el(HV_FLAGS[f], { state: on === false ? 'off' : 'on' }));
      else c.report(opt, 'key-ignored', [it.key], false, it.value === undefined ? it.key : `${it.key}=${it.value}`);
      continue;
    }
    if (name === 'kvm' && on === false) {
      c.kvmHidden = true;
      continue;
    }
    if (name === 'pmu' && on !== undefined) {
      c.features.set('pmu', el('pmu', { state: on ? 'on' : 'off' }));
      continue;
    }
    if (name === 'host-cache-info' && on) {
      c.cpuCache = true;
      continue;
    }
    if (
      on === undefined ||
      [
        'vendor',
        'migratable',
        'check',
        'enforce',
        'kvm',
        'l3-cache',
        'host-phys-bits',
        'phys-bits',
        'level',
        'xlevel',
        'model-id',
        'family',
        'model',
        'stepping',
        'hv-passthrough',
      ].includes(name)
    ) {
      c.report(opt, 'key-ignored', [it.key], false, it.value === undefined ? it.key : `${it.key}=${it.value}`);
      continue;
    }
    // libvirt's Arm CPU driver knows only the SVE vector lengths as features (its
    // cpu_map/arm_features.xml); other -cpu properties of an Arm CPU have no element.
    if (c.arch === 'aarch64' && !/^sve(\d+)?$/.test(name)) {
      c.report(opt, 'key-ignored', [it.key], false, it.value === undefined ? it.key : `${it.key}=${it.value}`);
      continue;
    }
    c.cpuFeatures.push(
      el('feature', {
        policy: on ? 'require' : 'disable',
        name: name === 'sse3' ? 'pni' : name.replace(/^sse4_([12])$/, 'sse4.$1'),
      }),
    );
  }
}

function apply(c: Converter, opt: QemuOpt): void {
  const a = opt.arg;
  const args = () => readArgs(opt.option, a ?? '');
  if (opt.positional) {
    addDiskFromFile(c, opt, opt.written, { bus: driveDefaultBus(c), index: 0 });
    return;
  }
  switch (opt.option) {
    case '-name': {
      const g = args();
      const name = g.map.get('guest');
      if (name) c.name = name;
      for (const it of g.list)
        if (it.key === 'debug-threads') c.report(opt, 'libvirt-manages', [], false, `${it.key}=${it.value ?? ''}`);
      c.ignoredKeys(opt, g, ['guest', 'debug-threads']);
      return;
    }
    case '-uuid':
      if (a && /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(a)) c.uuid = a;
      else c.report(opt, 'invalid-value', [a ?? '']);
      return;
    case '-machine':
    case '-M': {
      const g = args();
      const m = g.map;
      const accel = m.get('accel');
      if (accel) c.type = accel.split(':')[0] === 'kvm' ? 'kvm' : 'qemu';
      if (accel && !['kvm', 'tcg'].includes(accel.split(':')[0]))
        c.report(opt, 'key-ignored', ['accel'], false, `accel=${accel}`);
      if (m.has('smm')) c.features.set('smm', el('smm', { state: isOff(m.get('smm')) ? 'off' : 'on' }));
      if (m.has('vmport')) c.features.set('vmport', el('vmport', { state: isOff(m.get('vmport')) ? 'off' : 'on' }));
      const irq = m.get('kernel_irqchip') ?? m.get('kernel-irqchip');
      if (irq === 'split') c.features.set('ioapic', el('ioapic', { driver: 'qemu' }));
      else if (irq !== undefined && isOn(irq)) c.features.set('ioapic', el('ioapic', { driver: 'kvm' }));
      if (m.get('gic-version') && /^(2|3|host)$/.test(m.get('gic-version') as string))
        c.features.set('gic', el('gic', { version: m.get('gic-version') }));
      if (isOff(m.get('dump-guest-core'))) c.dumpCore = 'off';
      if (isOff(m.get('mem-merge'))) c.memoryBacking.push(el('nosharepages'));
      if (isOn(m.get('usb'))) c.usbController = true;
      if (m.has('hpet')) c.timers.push(el('timer', { name: 'hpet', present: isOff(m.get('hpet')) ? 'no' : 'yes' }));
      if (m.get('memory-backend')) c.memoryBackend = m.get('memory-backend');
      for (const k of ['pflash0', 'pflash1']) if (m.get(k)) c.pflashNodes[k === 'pflash0' ? 0 : 1] = m.get(k) as string;
      c.ignoredKeys(opt, g, [
        'type',
        'accel',
        'smm',
        'vmport',
        'kernel_irqchip',
        'kernel-irqchip',
        'gic-version',
        'dump-guest-core',
        'mem-merge',
        'usb',
        'hpet',
        'memory-backend',
        'pflash0',
        'pflash1',
      ]);
      return;
    }
    case '-accel': {
      const g = args();
      const accel = g.map.get('accel');
      if (accel && !c.accelSeen) c.type = accel === 'kvm' ? 'kvm' : 'qemu';
      c.accelSeen = true;
      if (accel && accel !== 'kvm' && accel !== 'tcg') c.report(opt, 'key-ignored', [accel], false, accel);
      c.ignoredKeys(opt, g, ['accel', 'thread']);
      return;
    }
    case '-enable-kvm':
      c.type = 'kvm';
      return;
    case '-cpu':
      cpu(c, opt);
      return;
    case '-smp': {
      const m = args().map;
      const n = (k: string) =>
        m.get(k) !== undefined && /^\d+$/.test(m.get(k) as string) ? Number(m.get(k)) : undefined;
      const cpus = n('cpus');
      const sockets = n('sockets');
      const dies = n('dies') ?? 1;
      const cores = n('cores');
      const threads = n('threads');
      let max = n('maxcpus');
      if ([sockets, cores, threads].some((x) => x !== undefined)) {
        const total = max ?? cpus;
        const t = threads ?? 1;
        let s = sockets;
        let co = cores;
        if (s === undefined && co === undefined) s = total ? Math.max(1, Math.floor(total / (t * dies))) : 1;
        if (co === undefined) co = total ? Math.max(1, Math.floor(total / ((s as number) * dies * t))) : 1;
        if (s === undefined) s = total ? Math.max(1, Math.floor(total / (co * dies * t))) : 1;
        c.topology = { sockets: s, dies, cores: co, threads: t };
        max ??= s * dies * co * t;
      }
      c.vcpus = cpus ?? max ?? 1;
      if (max !== undefined && max !== c.vcpus) c.maxVcpus = max;
      else if (max !== undefined) c.maxVcpus = max;
      if (cpus === undefined && max !== undefined) c.vcpus = max;
      return;
    }
    case '-m': {
      const m = args().map;
      const size = parseSize(m.get('size'), 2 ** 20);
      if (size === undefined && m.has('size')) c.report(opt, 'invalid-value', [m.get('size') as string]);
      if (size !== undefined) c.memory = size;
      const max = parseSize(m.get('maxmem'), 2 ** 20);
      const slots = Number(m.get('slots') ?? 0);
      if (max !== undefined && slots > 0) c.maxMemory = { bytes: max, slots };
      else if (max !== undefined || m.has('slots')) c.report(opt, 'key-ignored', ['maxmem'], false, 'maxmem');
      return;
    }
    case '-realtime':
    case '-overcommit': {
      // mlock=/mem-lock= on is <memoryBacking><locked/>; off is what libvirt asks for itself.
      const m = args().map;
      const lock = m.get(opt.option === '-realtime' ? 'mlock' : 'mem-lock');
      if (lock !== undefined && isOn(lock)) c.memoryBacking.push(el('locked'));
      else c.report(opt, 'libvirt-manages');
      return;
    }
    case '-mem-prealloc':
      c.memoryBacking.push(el('allocation', { mode: 'immediate' }));
      return;
    case '-mem-path':
      if (a && /huge/i.test(a)) c.memoryBacking.push(el('hugepages'));
      else c.memoryBacking.push(el('source', { type: 'file' }));
      return;
    case '-object': {
      const g = args();
      const qom = g.map.get('qom-type') ?? '';
      if (qom === 'iothread') {
        c.iothreads++;
        return;
      }
      if (qom.startsWith('memory-backend-') || qom.startsWith('rng-')) return; // taken in by -numa, -machine, -device
      if (['secret', 'tls-creds-x509', 'tls-creds-psk', 'tls-creds-anon'].includes(qom))
        return c.report(opt, 'libvirt-manages');
      return c.report(opt, 'passthrough', [], true);
    }
    case '-numa': {
      const g = args();
      const m = g.map;
      if (m.get('type') !== 'node') {
        if (m.get('type') === 'dist') return c.report(opt, 'passthrough', [], true);
        return c.report(opt, 'passthrough', [], true);
      }
      const id = m.get('nodeid') ?? String(c.numa.length);
      const cpus = g.list
        .filter((it) => it.key === 'cpus')
        .map((it) => it.value ?? '')
        .join(',');
      let bytes: number | undefined;
      const memdev = m.get('memdev');
      let shared = false;
      if (memdev) {
        bytes = addMemoryBackend(c, memdev, opt);
        const obj = c.objects.get(memdev);
        shared = isOn(obj?.args.map.get('share'));
        const nodes = hostNodes(obj);
        if (nodes) c.numatune.push(el('memnode', { cellid: id, mode: nodes.mode, nodeset: nodes.nodeset }));
      } else bytes = parseSize(m.get('mem'), 2 ** 20);
      c.numa.push(
        el('cell', {
          id,
          cpus: cpus || undefined,
          memory: bytes !== undefined ? Math.floor(bytes / 1024) : undefined,
          unit: 'KiB',
          memAccess: shared ? 'shared' : undefined,
        }),
      );
      c.ignoredKeys(opt, g, ['type', 'nodeid', 'cpus', 'memdev', 'mem']);
      return;
    }
    case '-drive':
      drive(c, opt, readArgs('-drive', a ?? ''));
      return;
    case '-blockdev':
      return; // taken in through the device or -machine pflash that names it
    case '-hda':
    case '-hdb':
    case '-hdc':
    case '-hdd':
      if (a) addDiskFromFile(c, opt, a, { bus: driveDefaultBus(c), index: 'abcd'.indexOf(opt.option[3]) });
      return;
    case '-cdrom':
      if (a)
        addDiskFromFile(c, opt, a, {
          bus: c.arch === 'aarch64' ? 'scsi' : driveDefaultBus(c),
          device: 'cdrom',
          index: 2,
          readonly: true,
        });
      return;
    case '-fda':
    case '-fdb':
      if (a) addDiskFromFile(c, opt, a, { bus: 'fdc', device: 'floppy', index: opt.option === '-fda' ? 0 : 1 });
      return;
    case '-snapshot':
      c.snapshot = true;
      return;
    case '-pflash':
      if (!a) return;
      if (c.loader?.type === 'pflash') c.nvram = c.abs(a, opt.written);
      else c.loader = { path: c.abs(a, opt.written) as string, type: 'pflash', readonly: false };
      return;
    case '-bios':
      if (a) c.loader = { path: c.abs(a, opt.written) as string, type: 'rom', readonly: true };
      return;
    case '-kernel':
      c.kernel = c.abs(a, opt.written);
      return;
    case '-initrd':
      c.initrd = c.abs(a, opt.written);
      return;
    case '-append':
      c.cmdline = a;
      return;
    case '-dtb':
      c.dtb = c.abs(a, opt.written);
      return;
    case '-boot': {
      const g = args();
      const m = g.map;
      const order = m.get('order') ?? m.get('once');
      if (order)
        for (const ch of order)
          if (BOOT_DEVS[ch] && !c.bootDevs.includes(BOOT_DEVS[ch])) c.bootDevs.push(BOOT_DEVS[ch]);
      c.bootOpt = opt;
      if (m.has('menu'))
        c.bootMenu = el('bootmenu', { enable: isOff(m.get('menu')) ? 'no' : 'yes', timeout: m.get('splash-time') });
      if (m.get('reboot-timeout')) c.rebootTimeout = m.get('reboot-timeout');
      c.ignoredKeys(opt, g, ['order', 'once', 'menu', 'splash-time', 'reboot-timeout']);
      return;
    }
    case '-rtc': {
      const g = readArgs('-rtc', a ?? '');
      const m = g.map;
      const base = m.get('base');
      // A start date (`2006-06-17` or `2006-06-17T16:01:21`, UTC) is libvirt's absolute offset.
      const date = base ? /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2}))?$/.exec(base) : null;
      if (base === 'localtime') c.clockOffset = 'localtime';
      else if (date) {
        const [, y, mo, d, h, mi, se] = date.map(Number);
        c.clockOffset = 'absolute';
        c.clockStart = Date.UTC(y, mo - 1, d, h || 0, mi || 0, se || 0) / 1000;
      } else if (base && base !== 'utc') c.report(opt, 'key-ignored', ['base'], false, `base=${base}`);
      // clock= is the rtc timer's track: the guest's own clock, the host's, or the host's monotonic one.
      const track = ({ vm: 'guest', host: 'wall', rt: 'realtime' } as Record<string, string>)[m.get('clock') ?? ''];
      if (m.get('clock') !== undefined && !track)
        c.report(opt, 'key-ignored', ['clock'], false, `clock=${m.get('clock')}`);
      const slew = m.get('driftfix') === 'slew';
      if (slew || track) c.timers.push(el('timer', { name: 'rtc', track, tickpolicy: slew ? 'catchup' : undefined }));
      c.ignoredKeys(opt, g, ['base', 'driftfix', 'clock']);
      return;
    }
    case '-localtime':
      c.clockOffset = 'localtime';
      return;
    case '-serial': {
      if (!a || a === 'none') return;
      const src = serialSpec(c, a);
      if (!src) return c.report(opt, 'passthrough', [], true);
      if (a.startsWith('mon:')) c.report(opt, 'monitor');
      if (src.type === 'stdio') {
        c.report(opt, 'stdio-console');
        c.serials.push(el('serial', { type: 'pty' }));
      } else c.serials.push(el('serial', { type: src.type }, ...src.children));
      return;
    }
    case '-chardev':
    case '-netdev':
    case '-tpmdev':
    case '-fsdev':
      return; // taken in by the option that refers to them; unused ones are reported at the end
    case '-device': {
      const g = args();
      if (g.map.get('driver') === 'help' || g.map.has('help')) return c.report(opt, 'libvirt-manages');
      device(c, opt, g);
      return;
    }
    case '-nic':
    case '-net': {
      const g = args();
      const m = g.map;
      const type = m.get('type') ?? '';
      if (type === 'none') return;
      if (opt.option === '-net' && type === 'nic') {
        c.netNics.push({ opt, args: g });
        return;
      }
      if (opt.option === '-net') {
        c.netBackends.push({ opt, args: g });
        return;
      }
      const modelName = m.get('model') ?? (c.arch === 'aarch64' ? 'virtio-net-pci' : c.q35 ? 'e1000e' : 'e1000');
      const model = NIC_MODELS[modelName];
      const iface = model ? netdevInterface(c, opt, undefined, g, model, g) : undefined;
      if (!iface) return c.report(opt, 'passthrough', [], true);
      c.devices.push(iface);
      c.ignoredKeys(opt, g, [
        'type',
        'id',
        'model',
        'mac',
        'hostfwd',
        'net',
        'ifname',
        'script',
        'downscript',
        'br',
        'vhost',
        'queues',
      ]);
      return;
    }
    case '-usb':
      c.usbController = true;
      return;
    case '-usbdevice': {
      const input = INPUTS[`usb-${a === 'keyboard' ? 'kbd' : a}`];
      if (input) c.devices.push(el('input', { type: input[0], bus: 'usb' }));
      else c.report(opt, 'passthrough', [], true);
      return;
    }
    case '-vga':
      if (a && VGA_OPTION[a]) c.videos.push(el('video', {}, el('model', { type: VGA_OPTION[a] })));
      else c.report(opt, 'passthrough', [], true);
      return;
    case '-vnc': {
      const g = splitItems(a ?? '');
      const head = g[0]?.value === undefined ? (g[0]?.key ?? '') : '';
      if (head === 'none') return c.report(opt, 'libvirt-manages');
      const d = /^(.*):(\d+)$/.exec(head);
      const attrs: Record<string, string | number | undefined> = { type: 'vnc' };
      if (d) {
        attrs.port = 5900 + Number(d[2]);
        attrs.autoport = 'no';
        attrs.listen = d[1] || '0.0.0.0';
      } else if (head.startsWith('unix:')) {
        c.graphics.push(el('graphics', { type: 'vnc' }, el('listen', { type: 'socket', socket: head.slice(5) })));
        return;
      } else attrs.autoport = 'yes';
      for (const it of g.slice(1)) {
        if (it.key === 'websocket' && it.value && /^\d+$/.test(it.value)) attrs.websocket = it.value;
        else if (it.key === 'password' && !isOff(it.value))
          c.report(opt, 'key-ignored', ['password'], false, 'password');
        else if (it.key !== '')
          c.report(opt, 'key-ignored', [it.key], false, it.value === undefined ? it.key : `${it.key}=${it.value}`);
      }
      c.graphics.push(el('graphics', attrs));
      return;
    }
    case '-spice': {
      const g = readArgs('-spice', a ?? '');
      const m = g.map;
      const attrs: Record<string, string | number | undefined> = { type: 'spice' };
      // A port libvirt can check is a number; a shell variable (`port=${SPICE_PORT}`) is reported
      // as a shell expansion and left to autoport.
      const port = m.get('port');
      if (port && /^\d+$/.test(port)) {
        attrs.port = port;
        attrs.autoport = 'no';
      } else attrs.autoport = 'yes';
      const tlsPort = m.get('tls-port');
      if (tlsPort && /^\d+$/.test(tlsPort)) attrs.tlsPort = tlsPort;
      const addr = m.get('addr');
      const children: XmlNode[] = [];
      if (isOn(m.get('unix')) && addr) children.push(el('listen', { type: 'socket', socket: addr }));
      else if (addr) attrs.listen = addr;
      if (isOn(m.get('gl'))) children.push(el('gl', { enable: 'yes', rendernode: m.get('rendernode') }));
      c.graphics.push(el('graphics', attrs, ...children));
      c.ignoredKeys(opt, g, ['port', 'tls-port', 'addr', 'unix', 'gl', 'rendernode', 'disable-ticketing']);
      return;
    }
    case '-display': {
      const g = args();
      const t = g.map.get('type') ?? '';
      if (t === 'none') return;
      if (t === 'sdl')
        c.graphics.push(
          el('graphics', { type: 'sdl' }, isOn(g.map.get('gl')) ? el('gl', { enable: 'yes' }) : undefined),
        );
      else if (t === 'egl-headless') c.graphics.push(el('graphics', { type: 'egl-headless' }));
      else if (t === 'vnc') {
        c.graphics.push(el('graphics', { type: 'vnc', autoport: 'yes' }));
      } else c.report(opt, 'local-display');
      return;
    }
    case '-k':
      if (a) c.keymap = { opt, layout: a };
      return;
    case '-nographic':
      c.nographic = true;
      return;
    case '-no-acpi':
      c.noAcpi = true;
      return;
    case '-no-hpet':
      c.timers.push(el('timer', { name: 'hpet', present: 'no' }));
      return;
    case '-no-reboot':
      c.onReboot = 'destroy';
      return;
    case '-watchdog-action':
      c.watchdogAction = a;
      for (const d of c.devices) if (d.name === 'watchdog' && a) d.attrs.push(['action', a]);
      return;
    case '-global': {
      const m = /^([^.=]+)\.([^=]+)=(.*)$/.exec(a ?? '');
      if (m && m[1] === 'kvm-pit' && m[2] === 'lost_tick_policy') {
        c.timers.push(el('timer', { name: 'pit', tickpolicy: m[3] === 'discard' ? 'discard' : 'delay' }));
        return;
      }
      if (m && /^(ICH9-LPC|PIIX4_PM)$/.test(m[1]) && /^disable_s[34]$/.test(m[2])) {
        (c.pm ??= []).push(
          el(m[2] === 'disable_s3' ? 'suspend-to-mem' : 'suspend-to-disk', { enabled: isOn(m[3]) ? 'no' : 'yes' }),
        );
        return;
      }
      return c.report(opt, 'passthrough', [], true);
    }
    case '-fw_cfg': {
      const g = readArgs('-fw_cfg', a ?? '');
      const name = g.map.get('name');
      if (!name) return c.report(opt, 'passthrough', [], true);
      // libvirt's <sysinfo type='fwcfg'> takes only opt/ names and keeps opt/ovmf/ and
      // opt/org.qemu/ for itself (qemuValidateDomainDefSysinfo): those go to QEMU directly.
      if (!name.startsWith('opt/') || /^opt\/(ovmf|org\.qemu)\//.test(name))
        return c.report(opt, 'fwcfg-reserved', [name], true);
      const file = g.map.get('file');
      const str = g.map.get('string');
      c.fwcfg.push(el('entry', { name, file: c.abs(file, '-fw_cfg') }, file === undefined ? (str ?? '') : undefined));
      return;
    }
    case '-smbios': {
      const g = readArgs('-smbios', a ?? '');
      const m = g.map;
      const t = m.get('type');
      const entries = (keys: Record<string, string>) =>
        g.list
          .filter((it) => keys[it.key] && it.value !== undefined)
          .map((it) => el('entry', { name: keys[it.key] }, it.value as string));
      if (t === '0')
        c.sysinfo.bios.push(...entries({ vendor: 'vendor', version: 'version', date: 'date', release: 'release' }));
      else if (t === '1')
        c.sysinfo.system.push(
          ...entries({
            manufacturer: 'manufacturer',
            product: 'product',
            version: 'version',
            serial: 'serial',
            uuid: 'uuid',
            sku: 'sku',
            family: 'family',
          }),
        );
      else if (t === '2')
        c.sysinfo.baseBoard.push(
          ...entries({
            manufacturer: 'manufacturer',
            product: 'product',
            version: 'version',
            serial: 'serial',
            asset: 'asset',
            location: 'location',
          }),
        );
      else if (t === '3')
        c.sysinfo.chassis.push(
          ...entries({
            manufacturer: 'manufacturer',
            version: 'version',
            serial: 'serial',
            asset: 'asset',
            sku: 'sku',
          }),
        );
      else if (t === '11')
        c.sysinfo.oem.push(...g.list.filter((it) => it.key === 'value').map((it) => el('entry', {}, it.value ?? '')));
      else return c.report(opt, 'passthrough', [], true);
      if (!g.list.some((it) => it.key !== 'type' && it.value !== undefined))
        return c.report(opt, 'passthrough', [], true);
      const known =
        t === '11'
          ? ['type', 'value']
          : [
              'type',
              'vendor',
              'version',
              'date',
              'release',
              'manufacturer',
              'product',
              'serial',
              'uuid',
              'sku',
              'family',
              'asset',
              'location',
            ];
      c.ignoredKeys(opt, g, known);
      return;
    }
    case '-virtfs': {
      const g = args();
      c.devices.push(filesystem(c, g, g.map.get('mount_tag') ?? ''));
      return;
    }
    case '-audiodev': {
      const g = args();
      const drv = g.map.get('driver') ?? 'none';
      const type = drv === 'pa' ? 'pulseaudio' : drv;
      if (!AUDIO_TYPES.includes(type)) return c.report(opt, 'passthrough', [], true);
      c.audios.push(el('audio', { id: c.audiodevs.get(g.map.get('id') ?? '') ?? c.audios.length + 1, type }));
      c.ignoredKeys(opt, g, ['driver', 'id']);
      return;
    }
    case '-audio': {
      // -audio is an audio backend and, with model=, the sound card that plays through it.
      const g = args();
      const drv = g.map.get('driver') ?? 'none';
      const type = drv === 'pa' ? 'pulseaudio' : drv;
      const model = g.map.get('model');
      const sound = model !== undefined ? SOUNDHW_MODELS[model] : undefined;
      if (!AUDIO_TYPES.includes(type) || (model !== undefined && !sound)) return c.report(opt, 'passthrough', [], true);
      const id = c.audiodevs.size + c.audios.length + 1;
      c.audios.push(el('audio', { id, type }));
      if (sound) {
        c.devices.push(el('sound', { model: sound }, el('audio', { id })));
        c.hasSound = true;
      }
      c.ignoredKeys(opt, g, ['driver', 'model']);
      return;
    }
    case '-soundhw': {
      // Removed from QEMU in 7.1; libvirt's <sound> still expresses each card of the list.
      const names = (a ?? '').split(',');
      if (names.some((n) => !SOUNDHW_MODELS[n])) return c.report(opt, 'passthrough', [], true);
      for (const n of names) c.devices.push(el('sound', { model: SOUNDHW_MODELS[n] }));
      c.hasSound = true;
      return;
    }
    case '-iothread':
      return;
  }
  if (MONITOR_OPTIONS.has(opt.option)) {
    c.report(opt, 'monitor');
    if (opt.option === '-mon') {
      const ref = readArgs('-mon', a ?? '').map.get('chardev');
      const ch = ref ? c.chardevs.get(ref) : undefined;
      if (ch) ch.used = true;
    }
    return;
  }
  if (LIBVIRT_MANAGED.has(opt.option)) return c.report(opt, 'libvirt-manages');
  if (PASSTHROUGH_OPTIONS.has(opt.option)) return c.report(opt, 'passthrough', [], true);
  c.report(opt, 'unknown-option', [], true);
}

const FORMAT_BY_EXTENSION: Record<string, string> = {
  qcow2: 'qcow2',
  qcow: 'qcow2',
  vmdk: 'vmdk',
  vdi: 'vdi',
  vhdx: 'vhdx',
  vhd: 'vpc',
  qed: 'qed',
};

function finish(c: Converter): void {
  // Old-style -net nic … -net user|tap|bridge: the n-th NIC with the n-th backend.
  c.netNics.forEach((nic, k) => {
    const back = c.netBackends[k];
    const modelName =
      nic.args.map.get('model') ?? (c.arch === 'aarch64' ? 'virtio-net-pci' : c.q35 ? 'e1000e' : 'e1000');
    const model = NIC_MODELS[modelName];
    const iface = model ? netdevInterface(c, nic.opt, back?.opt, back?.args, model, nic.args) : undefined;
    if (!iface) return c.report(nic.opt, 'passthrough', [], true);
    c.devices.push(iface);
    c.ignoredKeys(nic.opt, nic.args, ['type', 'model', 'macaddr', 'vlan', 'id', 'name', 'netdev']);
  });
  for (const back of c.netBackends.slice(c.netNics.length))
    c.report(back.opt, 'unreferenced', [back.args.map.get('type') ?? '']);
  if (c.memoryBackend) {
    const bytes = addMemoryBackend(c, c.memoryBackend, {
      option: '-machine',
      written: '-machine',
      arg: `memory-backend=${c.memoryBackend}`,
    });
    if (bytes !== undefined) c.memory = bytes;
    const nodes = hostNodes(c.objects.get(c.memoryBackend));
    if (nodes) c.numatune.unshift(el('memory', { mode: nodes.mode, nodeset: nodes.nodeset }));
  }
  if (c.numa.length) {
    const total = c.numa.reduce((s, n) => s + Number(n.attrs.find((a) => a[0] === 'memory')?.[1] ?? 0), 0);
    if (total > 0) c.memory = total * 1024;
  }
  c.pflashNodes.forEach((name, k) => {
    const opt: QemuOpt = { option: '-machine', written: '-machine', arg: `pflash${k}=${name}` };
    const spec = blockdevDisk(c, name, opt);
    if (!spec?.source) return c.report(opt, 'missing-reference', [name]);
    if (k === 0) c.loader = { path: spec.source.path, type: 'pflash', readonly: spec.readonly ?? false };
    else c.nvram = spec.source.path;
  });
  const referencedInPassthrough = (id: string) =>
    c.passthrough.some((w) => new RegExp(`(^|,)[a-z-]+=${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(,|$)`).test(w));
  const leftover = (option: string, args: Args | undefined, id: string, written: string) => {
    const opt: QemuOpt = { option, written: option, arg: written };
    if (referencedInPassthrough(id)) c.report(opt, 'passthrough', [], true);
    else c.report(opt, 'unreferenced', [id]);
    void args;
  };
  const argText = (b: Backend) => joinItems(b.args.list);
  for (const [id, b] of c.netdevs) if (!b.used) leftover('-netdev', b.args, id, argText(b));
  for (const [id, b] of c.chardevs) if (!b.used) leftover('-chardev', b.args, id, argText(b));
  for (const [id, b] of c.tpmdevs) if (!b.used) leftover('-tpmdev', b.args, id, argText(b));
  for (const [id, b] of c.fsdevs) if (!b.used) leftover('-fsdev', b.args, id, argText(b));
  for (const [id, b] of c.objects) {
    const qom = b.args.map.get('qom-type') ?? '';
    if (!b.used && (qom.startsWith('memory-backend-') || qom.startsWith('rng-')))
      leftover('-object', b.args, id, argText(b));
  }
  for (const [id, spec] of c.drivesById) if (!spec.used) leftover('-drive', undefined, id, `id=${id}`);
  for (const [id, b] of c.blockdevs)
    if (!b.used) {
      if (referencedInPassthrough(id)) c.report(b.opt, 'passthrough', [], true);
      else c.report(b.opt, 'unreferenced', [id]);
    }
  // libvirt needs a NUMA cell for memory hotplug; QEMU makes one itself for -m …,slots=,maxmem=.
  if (c.maxMemory && c.numa.length === 0) {
    const n = Math.max(c.maxVcpus ?? 0, c.vcpus);
    c.numa.push(
      el('cell', { id: 0, cpus: n > 1 ? `0-${n - 1}` : '0', memory: Math.floor(c.memory / 1024), unit: 'KiB' }),
    );
  }
  if (c.snapshot) for (const d of c.disks) d.transient = true;
  if (c.hasBootIndex && c.bootDevs.length && c.bootOpt) {
    c.report(c.bootOpt, 'boot-order-conflict');
    c.bootDevs = [];
  }
  if (c.hasBootIndex) for (const d of c.disks) if (d.bootOrder === undefined) d.bootOrder = undefined;
  // QEMU's spicevmc channels need SPICE; a line that uses one without -spice gets a SPICE display.
  const spicevmc = [...c.chardevs.values()].some((b) => b.used && b.args.map.get('backend') === 'spicevmc');
  if (spicevmc && !c.graphics.some((g) => g.attrs.some(([k, v]) => k === 'type' && v === 'spice'))) {
    c.graphics.push(el('graphics', { type: 'spice', autoport: 'yes' }));
    c.unmapped.push({ option: '-chardev spicevmc', code: 'spice-added', args: [], passthrough: false });
  }
  // -k is libvirt's keymap attribute of the VNC and SPICE displays; without one it does nothing.
  if (c.keymap) {
    const remote = c.graphics.filter((g) => g.attrs.some(([k, v]) => k === 'type' && (v === 'vnc' || v === 'spice')));
    for (const g of remote) g.attrs.push(['keymap', c.keymap.layout]);
    if (remote.length === 0) c.report(c.keymap.opt, 'keymap-unused', [c.keymap.layout]);
  }
  if (c.nographic && c.serials.length === 0) {
    c.serials.push(el('serial', { type: 'pty' }));
    c.report({ option: '-nographic', written: '-nographic' }, 'stdio-console');
  }
}

function diskXml(c: Converter): XmlNode[] {
  const prefix: Record<string, string> = {
    virtio: 'vd',
    scsi: 'sd',
    sata: 'sd',
    usb: 'sd',
    ide: 'hd',
    fdc: 'fd',
    xen: 'xvd',
  };
  const taken = new Set<string>();
  const letter = (n: number) =>
    n < 26
      ? String.fromCharCode(97 + n)
      : String.fromCharCode(96 + Math.floor(n / 26)) + String.fromCharCode(97 + (n % 26));
  const targets = new Map<DiskSpec, string>();
  // libvirt has no virtio CD-ROM (QEMU's `if=virtio,media=cdrom` is a read-only virtio disk): SCSI instead.
  const withBus = c.disks.map((d) => {
    const bus = d.bus ?? driveDefaultBus(c);
    return { d, bus: d.device === 'cdrom' && bus === 'virtio' ? 'scsi' : bus };
  });
  // Disks with an index keep their place (-cdrom is the third IDE disk, hdc), the others fill the gaps.
  for (const { d, bus } of withBus) {
    if (d.index === undefined || (bus !== 'ide' && bus !== 'sata' && bus !== 'fdc')) continue;
    const t = prefix[bus] + letter(d.index);
    if (!taken.has(t)) {
      taken.add(t);
      targets.set(d, t);
    }
  }
  for (const { d, bus } of withBus) {
    if (targets.has(d)) continue;
    let n = 0;
    while (taken.has(prefix[bus] + letter(n))) n++;
    taken.add(prefix[bus] + letter(n));
    targets.set(d, prefix[bus] + letter(n));
  }
  // Disks on a second SCSI controller need its index; on the first, libvirt places them itself.
  const units: Record<number, number> = {};
  return withBus.map(({ d, bus }) => {
    const src = d.source;
    const fmt =
      d.format ??
      (src && src.type !== 'block'
        ? (FORMAT_BY_EXTENSION[/\.([a-z0-9]+)$/i.exec(src.path)?.[1]?.toLowerCase() ?? ''] ?? 'raw')
        : 'raw');
    const source = !src
      ? undefined
      : src.type === 'network'
        ? el('source', { protocol: src.protocol, name: src.path }, el('host', { name: src.host, port: src.port }))
        : el('source', src.type === 'block' ? { dev: src.path } : { file: src.path });
    return el(
      'disk',
      { type: src?.type ?? 'file', device: d.device },
      el('driver', {
        name: 'qemu',
        type: fmt,
        cache: d.cache,
        error_policy: d.errorPolicy,
        rerror_policy: d.rerrorPolicy,
        io: d.io,
        discard: d.discard,
        detect_zeroes: d.detectZeroes,
      }),
      source,
      el('target', { dev: targets.get(d), bus }),
      d.bootOrder !== undefined ? el('boot', { order: d.bootOrder }) : undefined,
      d.readonly || d.device === 'cdrom' ? el('readonly') : undefined,
      d.transient && !d.readonly && d.device !== 'cdrom' ? el('transient') : undefined,
      d.serial ? el('serial', {}, d.serial) : undefined,
      d.scsiController
        ? el('address', {
            type: 'drive',
            controller: d.scsiController,
            bus: 0,
            target: 0,
            unit: (units[d.scsiController] = (units[d.scsiController] ?? -1) + 1),
          })
        : undefined,
    );
  });
}

function write(c: Converter): string {
  const kib = (bytes: number) => Math.max(1, Math.floor(bytes / 1024));
  const uefi = c.loader?.type === 'pflash' || (c.arch === 'aarch64' && !c.loader && !c.kernel);
  const os = el(
    'os',
    { firmware: c.arch === 'aarch64' && !c.loader && !c.kernel ? 'efi' : undefined },
    el('type', { arch: c.arch, machine: c.machine ?? (c.arch === 'aarch64' ? 'virt' : undefined) }, 'hvm'),
    c.loader
      ? el('loader', { readonly: c.loader.readonly ? 'yes' : 'no', type: c.loader.type }, c.loader.path)
      : undefined,
    c.nvram && c.loader ? el('nvram', {}, c.nvram) : undefined,
    c.kernel !== undefined ? el('kernel', {}, c.kernel) : undefined,
    c.initrd !== undefined ? el('initrd', {}, c.initrd) : undefined,
    c.cmdline !== undefined ? el('cmdline', {}, c.cmdline) : undefined,
    c.dtb !== undefined ? el('dtb', {}, c.dtb) : undefined,
    ...c.bootDevs.map((dev) => el('boot', { dev })),
    c.bootMenu,
    hasSysinfo(c) ? el('smbios', { mode: 'sysinfo' }) : undefined,
    c.rebootTimeout ? el('bios', { rebootTimeout: c.rebootTimeout }) : undefined,
  );
  const features: XmlNode[] = [];
  if (!c.noAcpi && (c.arch === 'x86_64' || uefi)) features.push(el('acpi'));
  if (c.arch === 'x86_64') features.push(el('apic'));
  if (c.hyperv.length) features.push(el('hyperv', { mode: 'custom' }, ...c.hyperv));
  if (c.kvmHidden) features.push(el('kvm', {}, el('hidden', { state: 'on' })));
  features.push(...c.features.values());
  const cpuChildren: XmlNode[] = [];
  if (c.cpuModel) cpuChildren.push(el('model', { fallback: 'allow' }, c.cpuModel));
  if (c.topology)
    cpuChildren.push(
      el('topology', {
        sockets: c.topology.sockets,
        dies: c.topology.dies,
        cores: c.topology.cores,
        threads: c.topology.threads,
      }),
    );
  if (c.cpuCache) cpuChildren.push(el('cache', { mode: 'passthrough' }));
  cpuChildren.push(...c.cpuFeatures);
  if (c.numa.length) cpuChildren.push(el('numa', {}, ...c.numa));
  const cpuEl =
    c.cpuMode || cpuChildren.length
      ? el(
          'cpu',
          {
            mode: c.cpuMode ?? (c.cpuModel ? 'custom' : undefined),
            match: c.cpuMode === 'custom' ? 'exact' : undefined,
            check: c.cpuMode === 'custom' ? 'none' : undefined,
          },
          ...cpuChildren,
        )
      : undefined;
  const devices: XmlNode[] = [...diskXml(c)];
  const hasScsiDisk = c.disks.some(
    (d) => d.bus === 'scsi' || (d.device === 'cdrom' && (d.bus ?? driveDefaultBus(c)) === 'virtio'),
  );
  if (hasScsiDisk && c.scsiCount === 0)
    devices.push(el('controller', { type: 'scsi', index: 0, model: 'virtio-scsi' }));
  const usbish =
    c.devices.some((d) => d.attrs.some(([k, v]) => (k === 'bus' || k === 'type') && v === 'usb')) ||
    c.disks.some((d) => d.bus === 'usb');
  const hasUsbController = c.devices.some(
    (d) => d.name === 'controller' && d.attrs.some(([k, v]) => k === 'type' && v === 'usb'),
  );
  if (!hasUsbController) {
    if (c.usbController || usbish)
      devices.push(
        el('controller', { type: 'usb', model: c.arch === 'x86_64' && !c.q35 ? 'piix3-uhci' : 'qemu-xhci' }),
      );
    else devices.push(el('controller', { type: 'usb', model: 'none' }));
  }
  devices.push(...c.devices.filter((d) => d.name !== 'memballoon'));
  devices.push(...c.serials);
  if (c.serials.length && c.arch === 'x86_64') devices.push(el('console', { type: 'pty' }));
  devices.push(...c.graphics);
  devices.push(...c.audios);
  if (c.nographic && c.videos.length === 0) devices.push(el('video', {}, el('model', { type: 'none' })));
  // `-vga none` beside a display device (`-device ramfb`): libvirt wants `none` alone.
  const realVideos = c.videos.filter((v) => !/<model type='none'/.test(serialize(v)));
  devices.push(...(realVideos.length ? realVideos : c.videos));
  devices.push(...c.devices.filter((d) => d.name === 'memballoon'));
  if (!c.balloon) devices.push(el('memballoon', { model: 'none' }));
  const sysinfo: XmlNode[] = [];
  if (hasSysinfo(c)) {
    const s = c.sysinfo;
    sysinfo.push(
      el(
        'sysinfo',
        { type: 'smbios' },
        s.bios.length ? el('bios', {}, ...s.bios) : undefined,
        s.system.length ? el('system', {}, ...s.system) : undefined,
        s.baseBoard.length ? el('baseBoard', {}, ...s.baseBoard) : undefined,
        s.chassis.length ? el('chassis', {}, ...s.chassis) : undefined,
        s.oem.length ? el('oemStrings', {}, ...s.oem) : undefined,
      ),
    );
  }
  if (c.fwcfg.length) sysinfo.push(el('sysinfo', { type: 'fwcfg' }, ...c.fwcfg));
  const memKiB = kib(c.memory);
  const root = el(
    'domain',
    { type: c.type, 'xmlns:qemu': c.passthrough.length ? QEMU_NS : undefined },
    el('name', {}, c.name),
    c.uuid ? el('uuid', {}, c.uuid) : undefined,
    c.maxMemory
      ? el('maxMemory', { slots: c.maxMemory.slots, unit: 'KiB' }, String(kib(c.maxMemory.bytes)))
      : undefined,
    el('memory', { unit: 'KiB', dumpCore: c.dumpCore }, String(memKiB)),
    el('currentMemory', { unit: 'KiB' }, String(memKiB)),
    c.memoryBacking.length ? el('memoryBacking', {}, ...dedupe(c.memoryBacking)) : undefined,
    el(
      'vcpu',
      { placement: 'static', current: c.maxVcpus !== undefined && c.maxVcpus > c.vcpus ? c.vcpus : undefined },
      String(Math.max(c.maxVcpus ?? 0, c.vcpus)),
    ),
    c.iothreads ? el('iothreads', {}, String(c.iothreads)) : undefined,
    c.numatune.length ? el('numatune', {}, ...c.numatune) : undefined,
    ...sysinfo,
    os,
    features.length ? el('features', {}, ...features) : undefined,
    cpuEl,
    el('clock', { offset: c.clockOffset, start: c.clockStart }, ...c.timers),
    c.onReboot ? el('on_reboot', {}, c.onReboot) : undefined,
    c.pm ? el('pm', {}, ...c.pm) : undefined,
    el('devices', {}, ...devices),
    c.passthrough.length
      ? el('qemu:commandline', {}, ...c.passthrough.map((value) => el('qemu:arg', { value })))
      : undefined,
  );
  return serialize(root);
}

function hasSysinfo(c: Converter): boolean {
  const s = c.sysinfo;
  return s.bios.length + s.system.length + s.baseBoard.length + s.chassis.length + s.oem.length > 0;
}

function dedupe(nodes: XmlNode[]): XmlNode[] {
  const seen = new Set<string>();
  return nodes.filter((n) => (seen.has(n.name) ? false : (seen.add(n.name), true)));
}
