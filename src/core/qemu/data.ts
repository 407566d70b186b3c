// The shape of data/qemu/<arch>.json (written by scripts/capture-qemu.mjs from the installed
// QEMU) and of data/qemu/removed-options.json (scripts/qemu-doc-removals.mjs), and the loader
// that turns the compact file form into what the language service reads.

/** A device property: its type as `-device TYPE,help` prints it (`bool`, `uint32`, `OnOffAuto`, `str`) and its default, if printed. */
export type QemuProp = [type: string] | [type: string, defaultValue: string];

export interface QemuDevice {
  /** The `-device help` heading the device is listed under (`Network devices`). */
  category: string;
  bus?: string;
  alias?: string;
  desc?: string;
  /** The device's properties; absent when QEMU could not describe it (see `error`). */
  props?: Record<string, QemuProp>;
  /** QEMU's error when asked for the device's properties (a module of this build is missing). */
  error?: string;
}

export interface QemuBackends {
  /** Backend type → the keys it accepts (from the QAPI schema), or null when QEMU does not say. */
  types: Record<string, string[] | null>;
  /** Keys every type accepts (-chardev: query-command-line-options lists one set for all). */
  keys?: string[];
}

/** What one qemu-system-<arch> binary says about its command line. */
export interface QemuData {
  binary: string;
  /** `7.2.22` */
  version: string;
  /** The distribution's package version, when QEMU prints one. */
  package: string;
  /** Capture date, YYYY-MM-DD. */
  captured: string;
  sources: Record<string, string>;
  /** `-machine` → argument hints (one per `-help` line) and the first line of the description. */
  options: Record<string, { args: string[]; desc: string }>;
  machines: Record<string, string>;
  cpus: { models: Record<string, string>; flags: string[] };
  accels: string[];
  devices: Record<string, QemuDevice>;
  backends: Record<'-netdev' | '-chardev' | '-object' | '-blockdev', QemuBackends>;
  /** Keys of options QEMU parses with QemuOpts (`-drive`, `-vnc`, …). */
  optionKeys: Record<string, string[]>;
}

/** Options QEMU's documentation lists as removed (→ the release) or deprecated (→ since). */
export interface QemuRemovals {
  source: Record<string, string>;
  removed: Record<string, string>;
  deprecated: Record<string, string>;
}

/** The architectures data is captured for, by the name of their qemu-system-* binary. */
export const QEMU_ARCHES = ['x86_64', 'aarch64'] as const;
export type QemuArch = (typeof QEMU_ARCHES)[number];

/** The architecture of `qemu-system-x86_64` (with or without a directory, `.exe`); undefined for any other program. */
export function archOfProgram(program: string): QemuArch | undefined {
  const m = /^qemu-system-([\w]+?)(?:\.exe)?$/.exec(program.replace(/^.*[/\\]/, ''));
  return m && (QEMU_ARCHES as readonly string[]).includes(m[1]) ? (m[1] as QemuArch) : undefined;
}

/** Parses a data/qemu/<arch>.json file: device property tables shared by index are given back to each device. */
export function parseQemuData(json: string): QemuData {
  const raw = JSON.parse(json) as Omit<QemuData, 'devices'> & {
    devices: Record<string, Omit<QemuDevice, 'props'> & { props?: number }>;
    propSets: Record<string, QemuProp>[];
  };
  const devices: Record<string, QemuDevice> = {};
  for (const [name, d] of Object.entries(raw.devices)) {
    const { props, ...rest } = d;
    devices[name] = props === undefined ? rest : { ...rest, props: raw.propSets[props] };
  }
  const data: Partial<typeof raw> = { ...raw };
  delete data.propSets;
  return { ...(data as Omit<QemuData, 'devices'>), devices };
}
