// Every value list in content/libvirt.yaml against libvirt's own RELAX NG schemas, read at test
// time from the installed libvirt (package libvirt-clients pulls them in; CI installs it). A
// listed value the schema does not allow fails; a value the schema allows that the entry leaves
// out fails unless the entry says `partial: true`. How an entry's place is found in the schema:
//  - the entry's `docs` picks the format (domain.rng, network.rng, storagepool.rng,
//    storagevol.rng, domainsnapshot.rng), walked from its <start> through every <ref>;
//  - its `context` is read as the hover lookup reads it, as a tail of the element path with `*`
//    for any one element, and names every element of that format it fits;
//  - where the attribute (or, for an element entry, the element's text) occurs in several of
//    those places with different values, as `address@type` does across device kinds or `unit`
//    across domain/memory and domain/maxMemory, the schema's values are the union of them all.
// Values the schema gives as a finite pattern (`[kK]([iI]?[bB])?` for units) are expanded; when
// the pattern accepts every upper/lower-case spelling of a value, one spelling in the entry
// covers them all. A value allowed by an open <data> type or <text> makes the list necessarily
// partial. A value whose `since` is newer than the installed libvirt is not looked for in its
// schema (Debian 12 has libvirt 9.0; `itco` watchdogs came in 9.2).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadContent } from 'virtkit:content';
import type { LibvirtEntry, LibvirtFormat } from '../../src/core/reference/types';
import { dataAccepts, elementsAt, expandPattern, parseXml, RngFormat, type ValueSet } from './support/relaxng';

const SCHEMAS = process.env.VIRTKIT_LIBVIRT_SCHEMAS ?? '/usr/share/libvirt/schemas';

const RNG_OF: Record<LibvirtFormat, string> = {
  domain: 'domain.rng',
  network: 'network.rng',
  storagepool: 'storagepool.rng',
  storagevol: 'storagevol.rng',
  snapshot: 'domainsnapshot.rng',
};

/** The installed libvirt's version as [major, minor, micro], from `virsh --version`. */
function installedVersion(): number[] {
  let out: string;
  try {
    out = execFileSync('virsh', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  } catch (e) {
    throw new Error(`cannot run virsh --version to learn the libvirt version: ${(e as Error).message}`);
  }
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(out.trim());
  assert.ok(m, `virsh --version printed "${out.trim()}"`);
  return m.slice(1).map(Number);
}

function newerThanInstalled(since: string | undefined): boolean {
  if (since === undefined) return false;
  const want = since.split('.').map(Number);
  const have = (installed ??= installedVersion());
  for (let i = 0; i < 3; i++) if (want[i] !== have[i]) return want[i] > have[i];
  return false;
}
let installed: number[] | undefined;

const formats = new Map<LibvirtFormat, RngFormat>();

/** The walked schema of a format; a clear failure (never a skip) when the schemas are missing. */
function schemaOf(format: LibvirtFormat): RngFormat {
  assert.ok(
    existsSync(`${SCHEMAS}/${RNG_OF[format]}`),
    `libvirt's RELAX NG schemas are not in ${SCHEMAS}: install libvirt-clients ` +
      `(apt-get install libvirt-clients), or point VIRTKIT_LIBVIRT_SCHEMAS at a folder of libvirt's *.rng files`,
  );
  let f = formats.get(format);
  if (!f) formats.set(format, (f = new RngFormat(SCHEMAS, RNG_OF[format])));
  return f;
}

/** The values the schema allows where the entry says, merged over every place its context fits. */
function schemaValues(entry: LibvirtEntry): ValueSet {
  const owners = elementsAt(schemaOf(entry.docs), entry.context);
  assert.ok(owners.length > 0, `${entry.id}: no element of ${RNG_OF[entry.docs]} fits the context "${entry.context}"`);
  const sets =
    entry.kind === 'attribute'
      ? owners.flatMap((o) => o.attributes.get(entry.name) ?? [])
      : owners.flatMap((o) => o.children.filter((c) => c.name === entry.name).map((c) => c.text));
  assert.ok(
    sets.length > 0,
    `${entry.id}: ${RNG_OF[entry.docs]} has no ${entry.kind} "${entry.name}" in the context "${entry.context}"`,
  );
  const merged: ValueSet = { values: new Set(), data: [] };
  for (const s of sets) {
    for (const v of s.values) merged.values.add(v);
    merged.data.push(...s.data);
  }
  return merged;
}

interface Verdict {
  /** Listed values the schema rejects. */
  unknown: string[];
  /** Schema values the entry leaves out (one spelling each where case does not matter). */
  missing: string[];
  /** The schema accepts values no list can hold (<text>, an open <data> type or pattern). */
  open: string[];
}

/** Compares an entry's list with the schema's values. */
export function compare(listed: readonly string[], schema: ValueSet): Verdict {
  const exact = new Set(schema.values);
  const caseFree = new Set<string>();
  const open: ValueSet['data'] = [];
  for (const d of schema.data) {
    const finite = d.pattern === undefined ? undefined : expandPattern(d.pattern);
    if (!finite) {
      open.push(d);
      continue;
    }
    const all = new Set(finite);
    const closedUnderCase = finite.every((v) => all.has(v.toLowerCase()) && all.has(v.toUpperCase()));
    for (const v of finite) {
      if (closedUnderCase) caseFree.add(v.toLowerCase());
      else exact.add(v);
    }
  }
  const unknown = listed.filter(
    (v) => !exact.has(v) && !caseFree.has(v.toLowerCase()) && !open.some((d) => dataAccepts(d, v)),
  );
  const listedLower = new Set(listed.map((v) => v.toLowerCase()));
  const missing = [
    ...[...exact].filter((v) => !listed.includes(v)),
    ...[...caseFree].filter((v) => !listedLower.has(v)),
  ];
  return {
    unknown,
    missing,
    open: open.map((d) => (d.pattern !== undefined ? `pattern ${d.pattern}` : d.type)),
  };
}

const entries = loadContent().libvirt.filter((e) => e.values !== undefined);

describe('libvirt value lists against libvirt’s RELAX NG schemas', () => {
  it(`finds the schemas in ${SCHEMAS}`, () => {
    for (const format of Object.keys(RNG_OF) as LibvirtFormat[]) assert.ok(schemaOf(format).roots.length > 0, format);
  });

  it('reads the schemas right: known values, a wrong value, a missing value, an open type', () => {
    const domainType = loadContent().libvirt.find((e) => e.id === 'domain@type');
    assert.ok(domainType);
    const schema = schemaValues(domainType);
    for (const v of ['kvm', 'qemu', 'xen', 'lxc', 'hvf', 'vmware', 'hyperv']) assert.ok(schema.values.has(v), v);
    assert.deepEqual(compare(['kvm', 'no-such-hypervisor'], schema).unknown, ['no-such-hypervisor']);
    assert.ok(compare(['kvm'], schema).missing.includes('qemu'));
    const units = compare(['KiB', 'kib', 'XiB'], {
      values: new Set(),
      data: [{ type: 'string', pattern: '[kK]([iI]?[bB])?' }],
    });
    assert.deepEqual(units.unknown, ['XiB']);
    assert.deepEqual(units.missing.sort(), ['k', 'kb']);
    const open = compare(['q35'], { values: new Set(), data: [{ type: 'string' }] });
    assert.deepEqual([open.unknown, open.open], [[], ['string']]);
    assert.deepEqual(
      compare(['7', 'x'], { values: new Set(), data: [{ type: 'unsignedInt' }] }).unknown,
      ['x'],
      'a typed <data> rejects what its type does not allow',
    );
    assert.throws(() => parseXml('<a><b></a>'), /closes/);
  });

  it('checks a few dozen value lists', () => {
    assert.ok(entries.length >= 60, `only ${entries.length} entries list values`);
  });

  for (const entry of entries) {
    it(`${entry.id}: ${entry.partial ? 'some values' : 'every value'} as the schema allows`, () => {
      const listed = (entry.values ?? []).filter((v) => !newerThanInstalled(v.since)).map((v) => v.value);
      const verdict = compare(listed, schemaValues(entry));
      assert.deepEqual(verdict.unknown, [], `${entry.id}: the schema does not allow ${verdict.unknown.join(', ')}`);
      if (entry.partial) {
        assert.ok(
          verdict.missing.length > 0 || verdict.open.length > 0,
          `${entry.id}: lists every value the schema allows, so it is not partial`,
        );
      } else {
        assert.deepEqual(
          verdict.open,
          [],
          `${entry.id}: the schema also allows any ${verdict.open.join(' or ')}; mark the list partial: true`,
        );
        assert.deepEqual(
          verdict.missing,
          [],
          `${entry.id}: the schema also allows ${verdict.missing.join(', ')}; add them or mark the list partial: true`,
        );
      }
    });
  }
});
