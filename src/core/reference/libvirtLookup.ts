// Finds the libvirt reference entry for a node under the cursor (see xmlContext.ts): the entry
// of that kind and name whose context names most of the node's ancestry, and for an attribute
// value or a keyword in an element's text, the meaning of that value.
import type { Lang } from '../language';
import type { LibvirtEntry, LibvirtFormat, LibvirtValue } from './types';
import type { XmlNode } from './xmlContext';

export interface LibvirtMatch {
  entry: LibvirtEntry;
  /** For an attribute value or an element's text: its meaning, when the entry lists it. */
  value?: LibvirtValue;
  node: XmlNode;
}

/** Root elements of the five libvirt XML formats. */
const FORMAT_OF_ROOT: Record<string, LibvirtFormat> = {
  domain: 'domain',
  network: 'network',
  pool: 'storagepool',
  volume: 'storagevol',
  domainsnapshot: 'snapshot',
};

/** The format a document with this root element is written in, if it is one of libvirt's. */
export function libvirtFormatOf(root: string | undefined): LibvirtFormat | undefined {
  return root !== undefined && Object.prototype.hasOwnProperty.call(FORMAT_OF_ROOT, root)
    ? FORMAT_OF_ROOT[root]
    : undefined;
}

/**
 * The line above a value list that names only some of the values (`partial: true`), in the
 * content language like the values it introduces; a complete list has no heading.
 */
export function valueListHeading(entry: LibvirtEntry, lang: Lang): string | undefined {
  if (!entry.partial) return undefined;
  return lang === 'zh-cn' ? '部分取值：' : 'Some values:';
}

interface Candidate {
  entry: LibvirtEntry;
  /** Context segments, root-most first; undefined for "root element only". */
  segments: string[] | undefined;
  order: number;
}

/** A context that names every segment wins over one that runs out of path (a fragment). */
const FULL = 1000;

export class LibvirtReference {
  private readonly byKey = new Map<string, Candidate[]>();
  private readonly elementNames = new Set<string>();

  constructor(entries: readonly LibvirtEntry[]) {
    entries.forEach((entry, order) => {
      const key = `${entry.kind}:${entry.name}`;
      const segments = entry.context === '' ? undefined : entry.context.split('/').filter((s) => s.length > 0);
      const list = this.byKey.get(key) ?? [];
      list.push({ entry, segments, order });
      this.byKey.set(key, list);
      if (entry.kind === 'element') this.elementNames.add(entry.name);
    });
  }

  /**
   * True when a document with this root element is worth hovering: one of libvirt's formats, or
   * a fragment such as the `<disk>` or `<interface>` given to `virsh attach-device`.
   */
  knowsRoot(root: string | undefined): boolean {
    return root !== undefined && (libvirtFormatOf(root) !== undefined || this.elementNames.has(root));
  }

  /**
   * The best entry of this kind and name for an element whose parent path is `parentPath`, or an
   * attribute carried by the element at `ownerPath`.
   */
  find(kind: 'element' | 'attribute', name: string, path: readonly string[]): LibvirtEntry | undefined {
    const candidates = this.byKey.get(`${kind}:${name}`);
    if (!candidates) return undefined;
    const format = libvirtFormatOf(path[0]);
    let best: Candidate | undefined;
    let bestScore = -1;
    for (const c of candidates) {
      let s = score(c.segments, path);
      if (s < 0) continue;
      if (format !== undefined && c.entry.docs === format) s += 0.5;
      if (s > bestScore || (s === bestScore && best !== undefined && c.order < best.order)) {
        best = c;
        bestScore = s;
      }
    }
    return best?.entry;
  }

  /** The entry (and value meaning) for a node found by xmlContext. */
  lookup(node: XmlNode): LibvirtMatch | undefined {
    if (node.kind === 'element' || node.kind === 'text') {
      const entry = this.find('element', node.name, node.path.slice(0, -1));
      if (!entry) return undefined;
      const value = node.kind === 'text' ? valueOf(entry, node.value) : undefined;
      return value ? { entry, value, node } : { entry, node };
    }
    const entry = this.find('attribute', node.name, node.path);
    if (!entry) return undefined;
    const value = node.kind === 'attributeValue' ? valueOf(entry, node.value) : undefined;
    return value ? { entry, value, node } : { entry, node };
  }
}

/**
 * How well a context fits a path (both root-most first): -1 when it contradicts it; otherwise 2
 * points per named segment and 1 per `*`, plus FULL when the whole context was matched rather
 * than cut short by the start of the document.
 */
function score(segments: string[] | undefined, path: readonly string[]): number {
  if (segments === undefined) return path.length === 0 ? FULL : -1;
  let points = 0;
  for (let k = 1; k <= segments.length; k++) {
    const want = segments[segments.length - k];
    const have = path[path.length - k];
    if (have === undefined) return points; // a fragment: the rest of the context lies above it
    if (want === '*') points += 1;
    else if (want === have) points += 2;
    else return -1;
  }
  return FULL + points;
}

function valueOf(entry: LibvirtEntry, raw: string | undefined): LibvirtValue | undefined {
  if (!entry.values || raw === undefined) return undefined;
  const v = raw.trim();
  return entry.values.find((x) => x.value === v) ?? entry.values.find((x) => x.value.toLowerCase() === v.toLowerCase());
}
