// A small XML element tree for the generated domain, serialized with libvirt's own layout (two
// spaces, single-quoted attributes). All text passes through `esc`, so names with quotes, `&`,
// `<` or CJK characters come out as well-formed XML; characters XML 1.0 cannot hold at all
// (most C0 controls) become U+FFFD rather than an unreadable document.

export interface XmlNode {
  name: string;
  attrs: [string, string][];
  children: (XmlNode | string)[];
}

type AttrValue = string | number | undefined | null | false;

export function el(
  name: string,
  attrs: Record<string, AttrValue> = {},
  ...children: (XmlNode | string | undefined | null | false)[]
): XmlNode {
  const a: [string, string][] = [];
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) a.push([k, String(v)]);
  return {
    name,
    attrs: a,
    children: children.filter((c): c is XmlNode | string => c !== undefined && c !== null && c !== false),
  };
}

// Characters XML 1.0 cannot hold (C0 controls, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = new RegExp(
  String.raw`[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]`,
  'g',
);

export function esc(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/"/g, '&quot;');
}

export function serialize(node: XmlNode, indent = ''): string {
  const attrs = node.attrs.map(([k, v]) => ` ${k}='${esc(v)}'`).join('');
  if (node.children.length === 0) return `${indent}<${node.name}${attrs}/>\n`;
  if (node.children.every((c) => typeof c === 'string')) {
    return `${indent}<${node.name}${attrs}>${esc((node.children as string[]).join(''))}</${node.name}>\n`;
  }
  let out = `${indent}<${node.name}${attrs}>\n`;
  for (const c of node.children) out += typeof c === 'string' ? `${indent}  ${esc(c)}\n` : serialize(c, indent + '  ');
  return `${out}${indent}</${node.name}>\n`;
}
