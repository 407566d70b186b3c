// Values a libvirt host really supports, from its own answers (`virsh domcapabilities` and
// `virsh capabilities`): machine types, CPU models usable on it, firmware, disk buses and
// devices, video models, graphics types, hostdev modes. Completion offers them (marked as the
// host's) beside the schema's values. Pure: the caller runs virsh and hands in the XML.
import { scanXml, type ScannedElement } from '../validation/xmlTextScan';

/** One place in a domain and the values the host supports there. */
export interface HostValueRule {
  /** Element names ending the owner element's path (`['os', 'type']`, `['disk', 'target']`). */
  readonly owner: readonly string[];
  /** The attribute; undefined for the element's text. */
  readonly attribute?: string;
  readonly values: readonly string[];
  /**
   * True when a value outside the list is certainly refused on this host (an enum of
   * domcapabilities, the machine types of its emulator); false for lists that are only what the
   * host offers (usable CPU models, firmware files).
   */
  readonly closed: boolean;
}

export interface HostValues {
  /** The connection they come from (`qemu:///system`). */
  readonly uri: string;
  readonly arch: string | undefined;
  readonly rules: readonly HostValueRule[];
}

const textOf = (xml: string, e: ScannedElement) => xml.slice(e.contentStart, e.contentEnd).trim();
const attr = (e: ScannedElement, name: string) => e.attributes.find((a) => a.name === name)?.value;
const child = (e: ScannedElement | undefined, name: string, attrName?: string, attrValue?: string) =>
  e?.children.find((c) => c.name === name && (attrName === undefined || attr(c, attrName) === attrValue));

/** The values of `<enum name="…">` in `e`. */
function enumValues(xml: string, e: ScannedElement | undefined, name: string): string[] {
  const en = child(e, 'enum', 'name', name);
  return en ? en.children.filter((c) => c.name === 'value').map((c) => textOf(xml, c)) : [];
}

/**
 * The host's values from the output of `virsh domcapabilities` and (optionally) of `virsh
 * capabilities`, which lists every machine type of the emulator for the architecture.
 */
export function parseHostValues(uri: string, domcaps: string, caps?: string): HostValues {
  const rules: HostValueRule[] = [];
  const add = (owner: string[], attribute: string | undefined, values: string[], closed: boolean) => {
    const unique = [...new Set(values.filter((v) => v !== ''))];
    if (unique.length > 0) rules.push({ owner, ...(attribute ? { attribute } : {}), values: unique, closed });
  };
  const root = scanXml(domcaps).root;
  if (!root || root.name !== 'domainCapabilities') return { uri, arch: undefined, rules };
  const arch = child(root, 'arch') ? textOf(domcaps, child(root, 'arch')!) : undefined;

  const machines: string[] = [];
  const defaultMachine = child(root, 'machine');
  if (defaultMachine) machines.push(textOf(domcaps, defaultMachine));
  if (caps) {
    const c = scanXml(caps).root;
    for (const guest of c?.children.filter((g) => g.name === 'guest') ?? []) {
      const a = child(guest, 'arch', 'name', arch);
      if (!a) continue;
      for (const m of a.children.filter((x) => x.name === 'machine')) {
        machines.push(textOf(caps, m));
        const canonical = attr(m, 'canonical');
        if (canonical) machines.push(canonical);
      }
      for (const d of a.children.filter((x) => x.name === 'domain'))
        for (const m of d.children.filter((x) => x.name === 'machine')) machines.push(textOf(caps, m));
    }
  }
  add(['os', 'type'], 'machine', machines, caps !== undefined);

  const os = child(root, 'os');
  // Only the firmware types with descriptors here: not a limit (firmware='bios' is still accepted).
  add(['os'], 'firmware', enumValues(domcaps, os, 'firmware'), false);
  const loader = child(os, 'loader');
  add(
    ['os', 'loader'],
    undefined,
    (loader?.children ?? []).filter((c) => c.name === 'value').map((c) => textOf(domcaps, c)),
    false,
  );
  add(['os', 'loader'], 'type', enumValues(domcaps, loader, 'type'), true);

  const custom = child(child(root, 'cpu'), 'mode', 'name', 'custom');
  add(
    ['cpu', 'model'],
    undefined,
    (custom?.children ?? [])
      .filter((m) => m.name === 'model' && attr(m, 'usable') === 'yes')
      .map((m) => textOf(domcaps, m)),
    false,
  );

  const devices = child(root, 'devices');
  const disk = child(devices, 'disk');
  add(['disk', 'target'], 'bus', enumValues(domcaps, disk, 'bus'), true);
  add(['devices', 'disk'], 'device', enumValues(domcaps, disk, 'diskDevice'), true);
  add(['graphics'], 'type', enumValues(domcaps, child(devices, 'graphics'), 'type'), true);
  add(['video', 'model'], 'type', enumValues(domcaps, child(devices, 'video'), 'modelType'), true);
  add(['hostdev'], 'mode', enumValues(domcaps, child(devices, 'hostdev'), 'mode'), true);
  return { uri, arch, rules };
}

/** The host's rule for an attribute (or, without one, the text) of the element at `path`. */
export function hostRuleAt(
  host: HostValues,
  path: readonly string[],
  attribute: string | undefined,
): HostValueRule | undefined {
  if (path[0] !== 'domain') return undefined;
  return host.rules.find(
    (r) =>
      r.attribute === attribute &&
      r.owner.length <= path.length &&
      r.owner.every((name, i) => path[path.length - r.owner.length + i] === name),
  );
}

/** A value in a domain that the host certainly does not support. */
export interface HostFinding {
  /** Offsets of the value (quotes excluded). */
  readonly start: number;
  readonly end: number;
  readonly element: string;
  readonly attribute: string;
  readonly value: string;
  /** What the host supports there. */
  readonly supported: readonly string[];
}

/** How many elements are looked at, at most (libvirt domains have a few hundred). */
const FINDING_SCAN_LIMIT = 20_000;

/**
 * The attribute values of a domain that the host's closed lists leave out (a machine type its
 * emulator lacks, a disk bus, a video model, a hostdev mode). Text values (CPU models, firmware
 * files) are not judged: the host's list of them is not a limit.
 */
export function hostFindings(text: string, host: HostValues): HostFinding[] {
  const scan = scanXml(text);
  if (scan.root?.name !== 'domain') return [];
  const out: HostFinding[] = [];
  for (const e of scan.elements.slice(0, FINDING_SCAN_LIMIT)) {
    if (e.attributes.length === 0) continue;
    const path: string[] = [];
    for (let x: ScannedElement | undefined = e; x; x = x.parent) path.unshift(x.name);
    for (const a of e.attributes) {
      const rule = hostRuleAt(host, path, a.name);
      if (!rule?.closed || rule.values.includes(a.value) || a.value.trim() === '') continue;
      out.push({
        start: a.valueStart,
        end: a.valueEnd,
        element: e.name,
        attribute: a.name,
        value: a.value,
        supported: rule.values,
      });
    }
  }
  return out;
}
