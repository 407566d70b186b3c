// Shapes of the reference data behind XML and command-line hovers: content/libvirt.yaml and
// content/qemu.yaml, bundled as `libvirt` and `qemu` in ContentData.

/** The libvirt XML formats an entry belongs to (the libvirt.org page that documents it). */
export type LibvirtFormat = 'domain' | 'network' | 'storagepool' | 'storagevol' | 'snapshot';

/** One meaningful value of an attribute (or of an element's text, e.g. `<on_crash>`). */
export interface LibvirtValue {
  value: string;
  en: string;
  'zh-cn': string;
  /** libvirt version that introduced this value, where it is newer than the attribute itself. */
  since?: string;
}

/** One element or attribute of a libvirt XML format (content/libvirt.yaml). */
export interface LibvirtEntry {
  /** Unique, e.g. `domain.devices.disk.source@file`. */
  id: string;
  kind: 'element' | 'attribute';
  /** The element or attribute name exactly as written in XML (`memoryBacking`, `on_crash`). */
  name: string;
  /**
   * Where it occurs, as a '/'-separated suffix of element names. For an element: the path of
   * its parent (`domain/devices/disk` for a disk's `source`). For an attribute: the path of the
   * element that carries it (`domain/cpu` for cpu's `mode`). `*` stands for any one element
   * (`domain/devices/*` is any device). The empty string means "the document's root element".
   * When several entries fit, the one that names more of the path wins.
   */
  context: string;
  docs: LibvirtFormat;
  /** One to three sentences. */
  en: string;
  'zh-cn': string;
  /** Attributes (and a few elements whose text is a keyword) with a small set of meaningful values. */
  values?: LibvirtValue[];
  /**
   * True when `values` lists only some of the values libvirt's schema allows (the common ones,
   * or examples of an open-ended value); the hover then says "some values". Without it the list
   * is complete, which a unit test checks against libvirt's RELAX NG schemas.
   */
  partial?: boolean;
  /** libvirt version that introduced it, only where the libvirt documentation says so. */
  since?: string;
  /** The libvirt.org documentation section. */
  url: string;
  /** Id of a related concept in content/concepts. */
  concept?: string;
}

/**
 * What a QEMU entry describes: a command-line option, a device model (`-device NAME`), a backend
 * (`-netdev NAME`, `-object NAME`, `-chardev NAME`, ...), a machine type (`-machine NAME`) or an
 * accelerator (`-accel NAME`).
 */
export type QemuEntryKind = 'option' | 'device' | 'backend' | 'machine' | 'accel';

/** One QEMU option, device, backend, machine type or accelerator (content/qemu.yaml). */
export interface QemuEntry {
  id: string;
  kind: QemuEntryKind;
  /** Options with their single dash (`-device`, `-M` is an alias of `-machine`); other kinds bare (`vfio-pci`). */
  name: string;
  /** Other spellings that mean the same thing (`-M`; `virtio-net` for `virtio-net-pci`). */
  aliases?: string[];
  /**
   * For devices, backends, machines and accelerators: the options whose argument names it
   * (`socket` is both a `-netdev` and a `-chardev` backend). Defaults by kind: device → -device,
   * machine → -machine, accel → -accel.
   */
  usedWith?: string[];
  /** A short usage line. */
  syntax: string;
  en: string;
  'zh-cn': string;
  since?: string;
  url: string;
  concept?: string;
}

/** The command-line tools around QEMU and libvirt whose command lines hover: one content/tools/<tool>.yaml each (checked by a unit test). */
export const TOOL_NAMES = [
  'qemu-img',
  'qemu-nbd',
  'virsh',
  'virt-install',
  'virt-xml',
  'virt-clone',
  'swtpm',
  'virtiofsd',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/**
 * What a tool entry explains: the tool itself, one of its subcommands (`qemu-img convert`,
 * `virsh list`), an option (`-O`, `--all`), or a key of an option's `key=value,…` argument
 * (`cluster_size` in `qemu-img create -o cluster_size=64k`).
 */
export type ToolEntryKind = 'command' | 'subcommand' | 'option' | 'key';

/** One hand-written explanation of a tool, subcommand, option or key (content/tools.yaml). */
export interface ToolEntry {
  id: string;
  tool: ToolName;
  kind: ToolEntryKind;
  /** As written on the command line: `qemu-img`, `convert`, `-O`, `--all`, `cluster_size`. */
  name: string;
  /** Other spellings of the same option (`--format` for `-f`, `--os-variant` for `--osinfo`). */
  aliases?: string[];
  /**
   * Options and keys: the subcommands where this meaning applies (`-c` is "compress" in
   * `qemu-img convert` but "create" in `qemu-img snapshot`). Without it, any subcommand that has
   * the option (per the captured help) or the tool's own global options.
   */
  subcommands?: string[];
  /** Keys: the option whose argument holds them (`-o`). */
  option?: string;
  /** A short usage line. */
  syntax?: string;
  en: string;
  'zh-cn': string;
  /** The man page or documentation section the facts come from. */
  url: string;
  concept?: string;
}

/** What one installed tool said about itself (data/tools/<tool>.json, see scripts/toolsCapture.mjs). */
export interface ToolHelp {
  tool: ToolName;
  version: string;
  /** Options before any subcommand (or all options, for a tool without subcommands), with the tool's own help line. */
  options: Record<string, string>;
  subcommands?: Record<string, { summary: string; options: Record<string, string> }>;
  /** Keys of an option's `key=value` argument (`-o`), with help line (and, for qemu-img, the image formats that know it). */
  keys?: Record<string, Record<string, { help: string; formats?: string[] }>>;
}
