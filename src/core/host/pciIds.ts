// Names for PCI IDs from the pci.ids database (pciutils / hwdata), looked up for the few IDs a
// probe found. The file is about 1.3 MB; building a full map of it would cost more than the
// whole probe, so the lookup jumps to the wanted vendors' and classes' blocks only.

/** What a lookup needs: vendor and device IDs, and class/subclass pairs (4 lowercase hex digits each). */
export interface PciIdsWanted {
  /** `vendor:device`, e.g. `10de:2184`; the vendor alone is looked up too. */
  devices: ReadonlySet<string>;
  /** Class and subclass as 4 hex digits, e.g. `0300`. */
  classes: ReadonlySet<string>;
}

export interface PciNames {
  vendors: Map<string, string>;
  /** Keyed `vendor:device`. */
  devices: Map<string, string>;
  /** Keyed `cc` (class) and `ccss` (class + subclass). */
  classes: Map<string, string>;
}

const HEX4 = /^[0-9a-f]{4}$/;
const HEX2 = /^[0-9a-f]{2}$/;

/** The lines of the block that starts at `at` (its header line first), up to the next unindented line. */
function blockLines(text: string, at: number): string[] {
  const lines: string[] = [];
  let start = at;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (lines.length && line !== '' && !line.startsWith('\t') && !line.startsWith('#')) break;
    lines.push(line);
    start = end + 1;
  }
  return lines;
}

/** Where a top-level line starting with `head` begins (pci.ids IDs are lowercase), or -1. */
function findLine(text: string, head: string): number {
  if (text.startsWith(head)) return 0;
  const i = text.indexOf('\n' + head);
  return i < 0 ? -1 : i + 1;
}

/**
 * Picks the names of the wanted IDs out of pci.ids text: it jumps to each wanted vendor's and
 * class's block (indexOf) instead of reading every line, so a lookup costs a few searches of
 * the text. Subsystem and programming-interface lines (two tabs) are never needed. Never throws.
 */
export function lookupPciNames(text: string, wanted: PciIdsWanted): PciNames {
  const names: PciNames = { vendors: new Map(), devices: new Map(), classes: new Map() };
  const vendors = new Set<string>();
  for (const d of wanted.devices) if (HEX4.test(d.slice(0, 4))) vendors.add(d.slice(0, 4));
  for (const vendor of vendors) {
    const at = findLine(text, vendor + '  ');
    if (at < 0) continue;
    const [head = '', ...rest] = blockLines(text, at);
    const name = head.slice(4).trim();
    if (name) names.vendors.set(vendor, name);
    for (const line of rest) {
      if (!line.startsWith('\t') || line.startsWith('\t\t')) continue;
      const id = line.slice(1, 5).toLowerCase();
      const key = `${vendor}:${id}`;
      const device = line.slice(5).trim();
      if (HEX4.test(id) && device && wanted.devices.has(key)) names.devices.set(key, device);
    }
  }
  const classes = new Set<string>();
  for (const c of wanted.classes) if (HEX2.test(c.slice(0, 2))) classes.add(c.slice(0, 2));
  for (const klass of classes) {
    const at = findLine(text, `C ${klass}  `);
    if (at < 0) continue;
    const [head = '', ...rest] = blockLines(text, at);
    const name = head.slice(4).trim();
    if (name) names.classes.set(klass, name);
    for (const line of rest) {
      if (!line.startsWith('\t') || line.startsWith('\t\t')) continue;
      const id = line.slice(1, 3).toLowerCase();
      const sub = line.slice(3).trim();
      if (HEX2.test(id) && sub && wanted.classes.has(klass + id)) names.classes.set(klass + id, sub);
    }
  }
  return names;
}
