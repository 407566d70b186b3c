// Completion items for libvirt XML from the schema model: what may go at the cursor
// (completionContext.ts) as VS Code snippet text, without VS Code: the feature turns these into
// CompletionItems and documents them from content/libvirt.yaml.
import { completionContextAt, type CompletionContext } from './completionContext';
import { hostRuleAt, type HostValues } from './hostValues';
import type { LibvirtSchemaModel, SchemaAttribute } from './schemaModel';

export interface SchemaCompletion {
  readonly kind: 'element' | 'attribute' | 'value';
  /** What the list shows (`disk`, `qemu:commandline`, `type`, `file`). */
  readonly label: string;
  /** Snippet text (VS Code syntax) replacing start..end. */
  readonly snippet: string;
  readonly start: number;
  readonly end: number;
  /** Element names from the root to the element concerned: the parent for an element, the owner for an attribute or value. */
  readonly path: readonly string[];
  /** For a value: the attribute it belongs to; undefined for an element's text. */
  readonly attribute?: string;
  /** An attribute every form of the element requires. */
  readonly required?: boolean;
  /** Ask for suggestions again after inserting (an attribute with enumerated values). */
  readonly retrigger?: boolean;
  /** Schema order, for sorting. */
  readonly order: number;
  /**
   * For a value, what the connected host says: 'offered' (the host lists it), 'unsupported' (the
   * schema allows it, the host certainly does not); undefined without host values.
   */
  readonly host?: 'offered' | 'unsupported';
}

const escapeSnippet = (s: string) => s.replace(/[\\$}]/g, '\\$&');
const choiceText = (s: string) => s.replace(/[\\$}|,]/g, '\\$&');

/** `name="…"` with a placeholder, or a choice of the values when the list is closed and short. */
function attributeSnippet(a: SchemaAttribute, n: number): string {
  const body =
    !a.open && a.values.length > 1 && a.values.length <= 12
      ? `\${${n}|${a.values.map(choiceText).join(',')}|}`
      : !a.open && a.values.length === 1
        ? `\${${n}:${escapeSnippet(a.values[0])}}`
        : `$${n}`;
  return `${a.name}="${body}"`;
}

/** The namespace prefixes declared on the open elements (`xmlns:qemu="…"`), by URI. */
function prefixes(path: readonly { attributes: Readonly<Record<string, string>> }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of path)
    for (const [k, v] of Object.entries(e.attributes)) if (k.startsWith('xmlns:')) out.set(v, k.slice(6));
  return out;
}

const names = (path: readonly { name: string }[]) => path.map((e) => e.name.slice(e.name.indexOf(':') + 1));

/**
 * The completions at `offset` in `text`, a libvirt document of `model`'s format. Empty where the
 * schema knows nothing of the place.
 */
export function schemaCompletions(
  model: LibvirtSchemaModel,
  text: string,
  offset: number,
  host?: HostValues,
): SchemaCompletion[] {
  const ctx = completionContextAt(text, offset);
  return ctx ? completionsFor(model, ctx, text, host) : [];
}

/**
 * The schema's values beside the host's: a schema value the host certainly refuses is marked,
 * a host value the schema leaves open (machine types, CPU models) is added.
 */
function withHost(
  schemaValues: readonly string[],
  open: boolean,
  host: HostValues | undefined,
  path: readonly string[],
  attribute: string | undefined,
): { value: string; host?: 'offered' | 'unsupported' }[] {
  const rule = host && hostRuleAt(host, path, attribute);
  if (!rule) return schemaValues.map((value) => ({ value }));
  const out: { value: string; host?: 'offered' | 'unsupported' }[] = schemaValues.map((value) => ({
    value,
    ...(rule.values.includes(value)
      ? { host: 'offered' as const }
      : rule.closed
        ? { host: 'unsupported' as const }
        : {}),
  }));
  if (open) for (const value of rule.values) if (!schemaValues.includes(value)) out.push({ value, host: 'offered' });
  return out;
}

export function completionsFor(
  model: LibvirtSchemaModel,
  ctx: CompletionContext,
  text: string,
  host?: HostValues,
): SchemaCompletion[] {
  switch (ctx.kind) {
    case 'element': {
      if (ctx.parents.length === 0) {
        return model.roots().map((name, order) => ({
          kind: 'element' as const,
          label: name,
          snippet: escapeSnippet(name),
          start: ctx.start,
          end: ctx.end,
          path: [],
          order,
        }));
      }
      const info = model.elementAt(ctx.parents);
      if (!info) return [];
      const ns = prefixes(ctx.parents);
      // Renaming an existing tag (`<dis| type="file">`): the name alone.
      const rest = text.slice(ctx.end, text.indexOf('\n', ctx.end) < 0 ? text.length : text.indexOf('\n', ctx.end));
      const nameOnly = rest.trim() !== '' && !rest.trimStart().startsWith('<');
      const out: SchemaCompletion[] = [];
      info.children.forEach((c, order) => {
        const prefix = c.ns ? ns.get(c.ns) : '';
        if (prefix === undefined) return; // a namespace the document does not declare
        const name = prefix ? `${prefix}:${c.name}` : c.name;
        let snippet = escapeSnippet(name);
        if (!nameOnly) {
          const child = model.elementAt([...ctx.parents, { name: c.name }]);
          let n = 1;
          for (const a of child?.attributes ?? []) if (a.required) snippet += ` ${attributeSnippet(a, n++)}`;
          snippet += c.empty ? '/>' : `>$0</${escapeSnippet(name)}>`;
        }
        out.push({
          kind: 'element',
          label: name,
          snippet,
          start: ctx.start,
          end: ctx.end,
          path: names(ctx.parents),
          order,
        });
      });
      return out;
    }
    case 'attribute': {
      const info = model.elementAt(ctx.path);
      if (!info) return [];
      const owner = ctx.path[ctx.path.length - 1];
      return info.attributes
        .filter((a) => !(a.name in owner.attributes))
        .map((a, order) => ({
          kind: 'attribute' as const,
          label: a.name,
          snippet: ctx.hasValue ? a.name : `${a.name}="$1"`,
          start: ctx.start,
          end: ctx.end,
          path: names(ctx.path),
          required: a.required,
          retrigger: !ctx.hasValue && a.values.length > 0,
          order,
        }));
    }
    case 'value': {
      const info = model.elementAt(ctx.path);
      const a = info?.attributes.find((x) => x.name === ctx.attribute);
      if (!a) return [];
      return withHost(a.values, a.open, host, names(ctx.path), ctx.attribute).map((v, order) => ({
        kind: 'value' as const,
        label: v.value,
        snippet: escapeSnippet(v.value),
        start: ctx.start,
        end: ctx.end,
        path: names(ctx.path),
        attribute: ctx.attribute,
        order,
        ...(v.host ? { host: v.host } : {}),
      }));
    }
    case 'text': {
      const info = model.elementAt(ctx.path);
      if (!info || info.children.length > 0) return [];
      return withHost(info.textValues, info.text, host, names(ctx.path), undefined).map((v, order) => ({
        kind: 'value' as const,
        label: v.value,
        snippet: escapeSnippet(v.value),
        start: ctx.start,
        end: ctx.end,
        path: names(ctx.path),
        order,
        ...(v.host ? { host: v.host } : {}),
      }));
    }
  }
}
