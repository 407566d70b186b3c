// What libvirt's schema allows instead, for a validation problem: the element, attribute or
// value at fault and the names or values allowed in its place, from the schema model. libxml2
// often names only a container ("Extra element devices in interleave"); the culprit is then
// found by walking that container's elements against the model, which offers a superset of
// what the schema allows at each place (a union over alternatives), so whatever it does not
// offer is certainly not allowed. A misspelling with one closest allowed name (edit distance
// at most 2, no tie) gets a replacement: the only fix offered, because it is certain enough.
import type { LibvirtProblem } from '../validation/libxml2Problems';
import {
  elementAtPath,
  type ScannedAttribute,
  type ScannedDocument,
  type ScannedElement,
} from '../validation/xmlTextScan';
import type { LibvirtSchemaModel, PathStep } from './schemaModel';

export type SchemaCulprit =
  /** `element` may not appear inside its parent; `allowed` are the children that may. */
  | {
      readonly kind: 'element';
      readonly element: ScannedElement;
      readonly parent: string;
      readonly allowed: readonly string[];
    }
  /** `attribute` may not be on `element`; `allowed` are the attributes that may. */
  | {
      readonly kind: 'attribute';
      readonly element: ScannedElement;
      readonly attribute: ScannedAttribute;
      readonly allowed: readonly string[];
    }
  /** The value of `attribute` is none of the `allowed` ones (a closed list). */
  | {
      readonly kind: 'value';
      readonly element: ScannedElement;
      readonly attribute: ScannedAttribute;
      readonly allowed: readonly string[];
    };

/** A text edit: replace start..end with text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const isNamespaced = (name: string) => name.includes(':') || name === 'xmlns';

function stepsTo(e: ScannedElement): PathStep[] {
  const steps: PathStep[] = [];
  for (let x: ScannedElement | undefined = e; x; x = x.parent)
    steps.unshift({ name: local(x.name), attributes: Object.fromEntries(x.attributes.map((a) => [a.name, a.value])) });
  return steps;
}

/** How many elements a culprit search looks at, at most. */
const SEARCH_LIMIT = 2000;

/** The attribute or value of `e` the schema does not allow, if any. */
function attributeCulprit(model: LibvirtSchemaModel, e: ScannedElement): SchemaCulprit | undefined {
  const steps = stepsTo(e);
  const info = model.elementAt(steps);
  if (!info || info.anyChild) return undefined;
  for (const a of e.attributes) {
    if (isNamespaced(a.name)) continue;
    const known = info.attributes.find((x) => x.name === a.name);
    if (!known) {
      // Narrowed by its own (misspelled) value an attribute may seem absent: ask without it.
      const rest = { ...steps[steps.length - 1].attributes };
      delete rest[a.name];
      const loose = model.elementAt([...steps.slice(0, -1), { name: steps[steps.length - 1].name, attributes: rest }]);
      if (loose?.attributes.some((x) => x.name === a.name)) continue;
      return { kind: 'attribute', element: e, attribute: a, allowed: info.attributes.map((x) => x.name) };
    }
    if (!known.open && known.values.length > 0 && !known.values.includes(a.value)) {
      // The value itself narrowed nothing away from it: judge it without it.
      const rest = { ...steps[steps.length - 1].attributes };
      delete rest[a.name];
      const loose = model.elementAt([...steps.slice(0, -1), { name: steps[steps.length - 1].name, attributes: rest }]);
      const values = loose?.attributes.find((x) => x.name === a.name);
      if (values && (values.open || values.values.includes(a.value))) continue;
      return { kind: 'value', element: e, attribute: a, allowed: values?.values ?? known.values };
    }
  }
  return undefined;
}

/**
 * The first element, attribute or value in `root` and below it that the schema does not allow
 * at its place, in document order; undefined when the model finds none.
 */
export function findCulprit(model: LibvirtSchemaModel, root: ScannedElement): SchemaCulprit | undefined {
  let seen = 0;
  const visit = (e: ScannedElement): SchemaCulprit | undefined => {
    if (++seen > SEARCH_LIMIT) return undefined;
    if (e.parent && !isNamespaced(e.name)) {
      const parent = model.elementAt(stepsTo(e.parent));
      if (parent && !parent.anyChild && !parent.children.some((c) => c.name === e.name))
        return {
          kind: 'element',
          element: e,
          parent: local(e.parent.name),
          allowed: parent.children.filter((c) => !c.ns).map((c) => c.name),
        };
      if (!parent || parent.anyChild) return undefined; // inside <metadata> and the like
    }
    if (isNamespaced(e.name)) return undefined;
    const bad = attributeCulprit(model, e);
    if (bad) return bad;
    for (const c of e.children) {
      const found = visit(c);
      if (found) return found;
    }
    return undefined;
  };
  return visit(root);
}

/** The scanned element a problem is about, or the container libxml2 named instead. */
function problemElement(scan: ScannedDocument, p: LibvirtProblem): ScannedElement | undefined {
  const byPath = p.path ? elementAtPath(scan, p.path) : undefined;
  if (byPath) return byPath;
  const name = p.names.child ?? p.names.element;
  if (!name) return undefined;
  const same = scan.elements.filter((e) => e.name === name);
  return same.length === 1 ? same[0] : undefined;
}

/** What the schema allows instead, for a problem of the in-process validator. */
export function culpritOfProblem(
  model: LibvirtSchemaModel,
  scan: ScannedDocument,
  p: LibvirtProblem,
): SchemaCulprit | undefined {
  if (p.kind === 'not-well-formed' || p.kind === 'missing-element' || p.kind === 'unexpected-text') return undefined;
  const e = problemElement(scan, p);
  if (!e) return undefined;
  // "Element domain has extra content: zzz" is reported on zzz; the search starts there.
  return findCulprit(model, e);
}

// ---------------------------------------------------------------------------------------
// Closest names.

/** Levenshtein distance, stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** The one allowed name closest to `written` (distance 1 or 2, no tie), or undefined. */
export function closestName(written: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  let tie = false;
  for (const name of allowed) {
    if (name === written) return undefined;
    const d = editDistance(written.toLowerCase(), name.toLowerCase(), 2);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
      tie = false;
    } else if (d === bestDistance) tie = true;
  }
  return best !== undefined && !tie && bestDistance <= 2 ? best : undefined;
}

/** The edits that replace a misspelled culprit with its closest allowed name, when certain. */
export function culpritReplacement(
  text: string,
  c: SchemaCulprit,
): { readonly from: string; readonly to: string; readonly edits: readonly TextEdit[] } | undefined {
  if (c.kind === 'element') {
    const e = c.element;
    const to = closestName(e.name, c.allowed);
    if (!to) return undefined;
    const edits: TextEdit[] = [{ start: e.start + 1, end: e.nameEnd, text: to }];
    const close = `</${e.name}`;
    if (text.startsWith(close, e.contentEnd) && e.contentEnd > e.start)
      edits.push({ start: e.contentEnd + 2, end: e.contentEnd + close.length, text: to });
    return { from: e.name, to, edits };
  }
  if (c.kind === 'attribute') {
    const a = c.attribute;
    const present = new Set(c.element.attributes.map((x) => x.name));
    const to = closestName(
      a.name,
      c.allowed.filter((n) => !present.has(n)),
    );
    return to
      ? { from: a.name, to, edits: [{ start: a.nameStart, end: a.nameStart + a.name.length, text: to }] }
      : undefined;
  }
  const a = c.attribute;
  const to = closestName(a.value, c.allowed);
  return to ? { from: a.value, to, edits: [{ start: a.valueStart, end: a.valueEnd, text: to }] } : undefined;
}
