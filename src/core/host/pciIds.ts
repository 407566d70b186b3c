// Names for PCI IDs from the pci.ids database (pciutils / hwdata), looked up for the few IDs a
// probe found. The file is about 1.3 MB; building a full map of it would cost more than the
// whole probe, so one pass picks out only the wanted vendors, devices and classes.

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

/**
 * Picks the names of the wanted IDs out of pci.ids text. Lines it does not understand are
 * skipped; subsystem lines (two tabs) are never needed. Never throws.
 */
export function lookupPciNames(text: string, wanted: PciIdsWanted): PciNames {
  const names: PciNames = { vendors: new Map(), devices: new Map(), classes: new Map() };
  const vendorsWanted = new Set<string>();
  for (const d of wanted.devices) vendorsWanted.add(d.slice(0, 4));
  const classesWanted = new Set<string>();
  for (const c of wanted.classes) classesWanted.add(c.slice(0, 2));

  let vendor: string | null = null; // the current vendor block, when it is a wanted one
  let klass: string | null = null; // the current class block, when it is a wanted one
  let inClasses = false;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('\t\t')) continue; // subsystem or programming interface
    if (line.startsWith('\t')) {
      const id = line.slice(1, inClasses ? 3 : 5).toLowerCase();
      const name = line.slice(inClasses ? 3 : 5).trim();
      if (!name) continue;
      if (inClasses) {
        if (klass && HEX2.test(id) && wanted.classes.has(klass + id)) names.classes.set(klass + id, name);
      } else if (vendor && HEX4.test(id) && wanted.devices.has(`${vendor}:${id}`)) {
        names.devices.set(`${vendor}:${id}`, name);
      }
      continue;
    }
    if (line.startsWith('C ')) {
      inClasses = true;
      vendor = null;
      const id = line.slice(2, 4).toLowerCase();
      const name = line.slice(4).trim();
      klass = HEX2.test(id) && classesWanted.has(id) ? id : null;
      if (klass && name) names.classes.set(klass, name);
      continue;
    }
    // A vendor line, or another top-level list (device classes' cousins: `X` …) ending the block.
    const id = line.slice(0, 4).toLowerCase();
    const name = line.slice(4).trim();
    inClasses = false;
    klass = null;
    vendor = HEX4.test(id) && /^\s/.test(line.slice(4, 5)) && vendorsWanted.has(id) ? id : null;
    if (vendor && name) names.vendors.set(vendor, name);
  }
  return names;
}
