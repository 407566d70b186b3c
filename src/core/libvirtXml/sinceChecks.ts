// Elements, attributes and values a document uses that are newer than the libvirt that will
// read it: the reference content (content/libvirt.yaml) records "since libvirt X" where
// libvirt's documentation says so, and the validator knows which libvirt it speaks for when it
// uses this machine's own (a trusted window asks `virsh --version`). An older libvirt rejects
// such a document or, worse, drops the part it does not know.
import type { LibvirtReference } from '../reference/libvirtLookup';
import { scanXml, type ScannedElement } from '../validation/xmlTextScan';

export interface SinceFinding {
  readonly kind: 'element' | 'attribute' | 'value';
  /** The element or attribute name, or the value. */
  readonly name: string;
  /** For a value: the attribute it is a value of. */
  readonly of?: string;
  readonly since: string;
  readonly start: number;
  readonly end: number;
}

/** Compares dotted versions numerically (`9.10.0` > `9.2.0`); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Reference contexts name a few ancestors at most; more than this is never looked at. */
const TAIL = 12;
/** Elements examined at most: the check is an aid, and must stay cheap on hostile documents. */
const MAX_ELEMENTS = 20_000;

/**
 * The root's name and the element's last TAIL ancestors (itself included), root-most first:
 * what LibvirtReference.find needs (the format from the root, the context from the tail),
 * in O(TAIL) per element however deep the document nests.
 */
function pathOf(e: ScannedElement, root: string): string[] {
  const tail: string[] = [];
  let p: ScannedElement | undefined = e;
  for (; p && tail.length < TAIL; p = p.parent) tail.unshift(p.name);
  return p ? [root, ...tail] : tail;
}

/** What in `src` the reference says came after libvirt `version`. Bounded by the document's size. */
export function newerThan(src: string, reference: LibvirtReference, version: string): SinceFinding[] {
  if (!/^\d+(\.\d+)*$/.test(version)) return [];
  const doc = scanXml(src);
  if (!reference.knowsRoot(doc.root?.name)) return [];
  const newer = (since: string | undefined): since is string =>
    since !== undefined && compareVersions(since, version) > 0;
  const found: SinceFinding[] = [];
  const root = doc.root!.name;
  for (const e of doc.elements.slice(0, MAX_ELEMENTS)) {
    const path = pathOf(e, root);
    const element = reference.find('element', e.name, path.slice(0, -1));
    if (newer(element?.since))
      found.push({ kind: 'element', name: e.name, since: element.since, start: e.start + 1, end: e.nameEnd });
    for (const a of e.attributes) {
      const attribute = reference.find('attribute', a.name, path);
      if (!attribute) continue;
      if (newer(attribute.since)) {
        found.push({
          kind: 'attribute',
          name: a.name,
          since: attribute.since,
          start: a.nameStart,
          end: a.nameStart + a.name.length,
        });
        continue;
      }
      const value = attribute.values?.find((v) => v.value === a.value.trim());
      if (newer(value?.since))
        found.push({
          kind: 'value',
          name: value.value,
          of: a.name,
          since: value.since,
          start: a.valueStart,
          end: a.valueEnd,
        });
    }
  }
  return found;
}
