// Mistakes in a domain that libvirt's schema accepts but libvirt itself refuses at define time,
// or quietly changes. Each check mirrors what libvirt does (the unit tests run the same
// documents through `virsh define` on libvirt's test driver and see it happen):
//  - two disks with the same target (`vda` twice): define fails ("target 'vda' duplicated");
//  - `<vcpu current='N'>` above the vCPU count: define fails;
//  - two devices on the same guest PCI address (domain:bus:slot.function): the daemon's QEMU
//    driver refuses to define it ("Attempted double use of PCI Address"; libvirt's test driver
//    assigns no addresses and accepts it, so the real-daemon tier shows this one);
//  - `<currentMemory>` above `<memory>`: libvirt lowers it to `<memory>` without a word;
//  - `<qemu:commandline>` without `xmlns:qemu` on `<domain>`: the prefix is unbound, so the
//    document is not namespace-well-formed, and a `<commandline>` without the prefix is dropped
//    by `virsh define` (without --validate) without a word.
import { scanXml, type ScannedElement } from '../validation/xmlTextScan';

export const QEMU_NAMESPACE = 'http://libvirt.org/schemas/domain/qemu/1.0';

export type DomainCheckCode =
  | 'duplicate-disk-target'
  | 'duplicate-pci-address'
  | 'vcpu-current-above-count'
  | 'current-memory-above-memory'
  | 'missing-qemu-namespace';

export interface DomainFinding {
  readonly code: DomainCheckCode;
  readonly severity: 'error' | 'warning';
  /** Offsets of what the finding is about. */
  readonly start: number;
  readonly end: number;
  /** Values for the message: the target, the counts, the sizes in KiB. */
  readonly args: readonly string[];
  /** Another place the finding concerns (the first disk with that target), if any. */
  readonly related?: { readonly start: number; readonly end: number };
}

const UNIT_KIB: Readonly<Record<string, number>> = {
  b: 1 / 1024,
  bytes: 1 / 1024,
  kb: 1000 / 1024,
  k: 1,
  kib: 1,
  mb: 1e6 / 1024,
  m: 1024,
  mib: 1024,
  gb: 1e9 / 1024,
  g: 1024 ** 2,
  gib: 1024 ** 2,
  tb: 1e12 / 1024,
  t: 1024 ** 3,
  tib: 1024 ** 3,
};

const attr = (e: ScannedElement, name: string) => e.attributes.find((a) => a.name === name);
const text = (src: string, e: ScannedElement) =>
  e.children.length ? '' : src.slice(e.contentStart, Math.max(e.contentStart, e.contentEnd)).trim();

/** A memory element's size in KiB (libvirt's default unit), or undefined when unreadable. */
function kib(src: string, e: ScannedElement): number | undefined {
  const value = text(src, e);
  if (!/^\d+$/.test(value)) return undefined;
  const unit = (attr(e, 'unit')?.value ?? 'KiB').toLowerCase();
  const factor = UNIT_KIB[unit];
  return factor === undefined ? undefined : Number(value) * factor;
}

/** A PCI address part as libvirt reads it: decimal or 0x-prefixed hex; absent means 0. */
function pciPart(e: ScannedElement, name: string): number | undefined {
  const value = attr(e, name)?.value.trim();
  if (value === undefined || value === '') return 0;
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(value)) return undefined;
  return Number(value);
}

/**
 * Devices whose own `<address type='pci'>` (a direct child of the device, so not the host
 * address inside a hostdev's `<source>`) names a slot and function another device already has.
 */
function duplicatePciAddresses(devices: ScannedElement | undefined): DomainFinding[] {
  const findings: DomainFinding[] = [];
  const seen = new Map<string, ScannedElement>();
  for (const device of devices?.children ?? []) {
    const address = device.children.find((c) => c.name === 'address' && attr(c, 'type')?.value === 'pci');
    if (!address) continue;
    const parts = ['domain', 'bus', 'slot', 'function'].map((n) => pciPart(address, n));
    // Without a slot libvirt picks the address itself; an unreadable part is the schema's business.
    if (attr(address, 'slot') === undefined || parts.some((p) => p === undefined)) continue;
    const [domain, bus, slot, fn] = parts as number[];
    const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
    const key = `${hex(domain, 4)}:${hex(bus, 2)}:${hex(slot, 2)}.${fn.toString(16)}`;
    const first = seen.get(key);
    if (first)
      findings.push({
        code: 'duplicate-pci-address',
        severity: 'error',
        start: address.start,
        end: address.nameEnd,
        args: [key, device.name, first.parent?.name ?? ''],
        related: { start: first.start, end: first.nameEnd },
      });
    else seen.set(key, address);
  }
  return findings;
}

/** The findings for a domain document; empty for anything else. */
export function checkDomain(src: string): DomainFinding[] {
  const root = scanXml(src).root;
  if (!root || root.name !== 'domain') return [];
  const findings: DomainFinding[] = [];
  const top = (name: string) => root.children.find((c) => c.name === name);

  const devices = top('devices');
  const seen = new Map<string, ScannedElement>();
  for (const disk of devices?.children.filter((c) => c.name === 'disk') ?? []) {
    const target = disk.children.find((c) => c.name === 'target');
    const dev = target && attr(target, 'dev');
    if (!target || !dev?.value) continue;
    const first = seen.get(dev.value);
    if (first) {
      const firstDev = attr(first, 'dev')!;
      findings.push({
        code: 'duplicate-disk-target',
        severity: 'error',
        start: dev.valueStart,
        end: dev.valueEnd,
        args: [dev.value],
        related: { start: firstDev.valueStart, end: firstDev.valueEnd },
      });
    } else seen.set(dev.value, target);
  }

  findings.push(...duplicatePciAddresses(devices));

  const vcpu = top('vcpu');
  const current = vcpu && attr(vcpu, 'current');
  const count = vcpu ? Number(text(src, vcpu)) : NaN;
  if (current && /^\d+$/.test(current.value) && Number.isInteger(count) && Number(current.value) > count) {
    findings.push({
      code: 'vcpu-current-above-count',
      severity: 'error',
      start: current.valueStart,
      end: current.valueEnd,
      args: [current.value, String(count)],
    });
  }

  const memory = top('memory');
  const currentMemory = top('currentMemory');
  const max = memory && kib(src, memory);
  const cur = currentMemory && kib(src, currentMemory);
  if (currentMemory && max !== undefined && cur !== undefined && cur > max) {
    findings.push({
      code: 'current-memory-above-memory',
      severity: 'warning',
      start: currentMemory.start,
      end: currentMemory.end,
      args: [String(Math.round(cur)), String(Math.round(max))],
    });
  }

  const declared = root.attributes.some((a) => a.name === 'xmlns:qemu' && a.value === QEMU_NAMESPACE);
  const commandLine = root.children.find((c) => c.name === 'qemu:commandline' || c.name === 'commandline');
  if (commandLine && !declared) {
    findings.push({
      code: 'missing-qemu-namespace',
      severity: 'error',
      start: commandLine.start,
      end: commandLine.nameEnd,
      args: [commandLine.name],
    });
  }
  return findings;
}

/** Where to insert ` xmlns:qemu='…'` on `<domain`: just after the root element's name. */
export function qemuNamespaceInsertion(src: string): { offset: number; text: string } | undefined {
  const root = scanXml(src).root;
  if (!root || root.name !== 'domain') return undefined;
  return { offset: root.nameEnd, text: ` xmlns:qemu='${QEMU_NAMESPACE}'` };
}
