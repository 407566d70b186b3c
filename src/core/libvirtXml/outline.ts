// The outline of a libvirt document (VS Code's Outline view, breadcrumbs, Go to Symbol): each
// element a person looks for, named by what identifies it rather than by its tag alone: a
// disk by its target (`vda`), an interface by its source (`network default`), the domain by
// its <name>. Built from the tolerant scan, so it works while the document is being typed.
import { detectLibvirtDocumentKind } from '../validation/libvirtDocument';
import { scanXml, type ScannedElement } from '../validation/xmlTextScan';

/** What a symbol is, mapped to VS Code's SymbolKind by the adapter. */
export type OutlineKind = 'document' | 'property' | 'device' | 'section';

export interface OutlineSymbol {
  /** The label: `disk vda`, `name`, `interface network default`. */
  readonly name: string;
  /** Shown beside it: a value (`demo`, `4 GiB`) or the element's type. */
  readonly detail: string;
  readonly kind: OutlineKind;
  /** Offsets of the whole element and of its name (the part to select). */
  readonly start: number;
  readonly end: number;
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: readonly OutlineSymbol[];
}

/** Elements whose text is the point (shown as their detail). */
const VALUE_ELEMENTS = new Set([
  'name',
  'uuid',
  'title',
  'description',
  'memory',
  'currentMemory',
  'maxMemory',
  'vcpu',
  'capacity',
  'allocation',
  'path',
  'bridge',
  'on_poweroff',
  'on_reboot',
  'on_crash',
]);
/** Containers whose children are listed one by one. */
const SECTIONS = new Set(['devices', 'os', 'features', 'cpu', 'clock', 'pm', 'source', 'target', 'ip', 'forward']);

const attr = (e: ScannedElement, name: string) => e.attributes.find((a) => a.name === name)?.value;
const child = (e: ScannedElement, name: string) => e.children.find((c) => c.name === name);

function textOf(text: string, e: ScannedElement): string {
  if (e.children.length > 0) return '';
  return text.slice(e.contentStart, Math.max(e.contentStart, e.contentEnd)).trim().replace(/\s+/g, ' ').slice(0, 80);
}

/** What names a device: its target, its source, its type; the most telling first. */
function deviceKey(e: ScannedElement): string {
  const source = child(e, 'source');
  const target = child(e, 'target');
  switch (e.name) {
    case 'disk':
      return attr(target ?? e, 'dev') ?? attr(e, 'device') ?? '';
    case 'interface': {
      const type = attr(e, 'type') ?? '';
      const where =
        source && (attr(source, type) ?? attr(source, 'network') ?? attr(source, 'bridge') ?? attr(source, 'dev'));
      return [type, where].filter(Boolean).join(' ');
    }
    case 'controller':
      return [attr(e, 'type'), attr(e, 'index')].filter(Boolean).join(' ');
    case 'hostdev': {
      const a = source && child(source, 'address');
      const pci = a && [attr(a, 'domain'), attr(a, 'bus'), attr(a, 'slot'), attr(a, 'function')];
      return pci && pci.every(Boolean)
        ? pci
            .map((p) => (p ?? '').replace(/^0x/, ''))
            .join(':')
            .replace(/:([^:]+)$/, '.$1')
        : (attr(e, 'type') ?? '');
    }
    case 'serial':
    case 'console':
    case 'channel':
      return [attr(e, 'type'), target && attr(target, 'name')].filter(Boolean).join(' ');
    case 'filesystem':
      return (target && attr(target, 'dir')) ?? '';
    default:
      return attr(e, 'type') ?? attr(e, 'model') ?? attr(e, 'name') ?? '';
  }
}

function symbolOf(text: string, e: ScannedElement, depth: number): OutlineSymbol {
  const base = {
    start: e.start,
    end: Math.max(e.end, e.nameEnd),
    selectionStart: e.start + 1,
    selectionEnd: e.nameEnd,
  };
  const inDevices = e.parent?.name === 'devices';
  if (inDevices) {
    const key = deviceKey(e);
    return {
      ...base,
      name: key ? `${e.name} ${key}` : e.name,
      detail: attr(e, 'device') ?? '',
      kind: 'device',
      children: [],
    };
  }
  if (VALUE_ELEMENTS.has(e.name)) {
    const unit = attr(e, 'unit');
    const value = textOf(text, e);
    return {
      ...base,
      name: e.name,
      detail: unit && value ? `${value} ${unit}` : value,
      kind: 'property',
      children: [],
    };
  }
  const children =
    depth < 3 && (SECTIONS.has(e.name) || depth === 0) ? e.children.map((c) => symbolOf(text, c, depth + 1)) : [];
  const type = e.name === 'os' ? child(e, 'type') : undefined;
  // A leaf says what it holds (`type = hvm x86_64 q35`, `boot = hd`); a container its kind.
  const detail = type
    ? [textOf(text, type), attr(type, 'arch'), attr(type, 'machine')].filter(Boolean).join(' ')
    : e.children.length === 0 && depth > 0
      ? [textOf(text, e), ...e.attributes.map((x) => x.value)].filter(Boolean).join(' ').slice(0, 80)
      : [attr(e, 'type'), attr(e, 'mode')].filter(Boolean).join(' ');
  return { ...base, name: e.name, detail, kind: depth === 0 ? 'document' : 'section', children };
}

/** The outline of a libvirt document; empty when the text is not one. */
export function libvirtOutline(text: string): OutlineSymbol[] {
  if (!detectLibvirtDocumentKind(text)) return [];
  const root = scanXml(text).root;
  if (!root) return [];
  const top = symbolOf(text, root, 0);
  const name = root.children.find((c) => c.name === 'name');
  // The document is named by its <name>: `domain demo`.
  return [{ ...top, name: name && textOf(text, name) ? `${root.name} ${textOf(text, name)}` : root.name }];
}
