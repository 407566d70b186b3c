// "What is allowed instead" and the misspelling fixes (src/core/libvirtXml/schemaHints.ts):
// each mutated document is first judged by the in-process validator (it must be invalid), then
// the culprit is looked for from libxml2's own problems, as the diagnostics do; applying the
// replacement must make the validator accept the document again.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  closestName,
  culpritOfProblem,
  culpritReplacement,
  editDistance,
  type SchemaCulprit,
} from '../../src/core/libvirtXml/schemaHints';
import { LibvirtSchemaModel, readSchemaTexts } from '../../src/core/libvirtXml/schemaModel';
import { createLibvirtValidator } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { scanXml } from '../../src/core/validation/xmlTextScan';
import { VALID_DOMAIN } from './support/domains';
import { repoRoot } from './support/libvirtSnippetDocuments';

const loader = nodeSchemaLoader({
  schemaDir: join(repoRoot, 'data/libvirt-schemas'),
  wasmFile: join(repoRoot, 'dist/libxml2.wasm'),
  label: 'bundled',
});
const validator = createLibvirtValidator(loader);

describe('libvirt schema hints and misspelling fixes', function () {
  this.timeout(60_000);
  let model: LibvirtSchemaModel;
  before(async () => {
    model = new LibvirtSchemaModel('domain.rng', await readSchemaTexts('domain.rng', (n) => loader.read(n)));
  });

  /** The culprits found from the validator's problems on `text` (which must be invalid). */
  async function culprits(text: string): Promise<SchemaCulprit[]> {
    const r = await validator.validate(text);
    assert.equal(r.status, 'invalid', text);
    if (r.status !== 'invalid') return [];
    const scan = scanXml(text);
    return r.problems.map((p) => culpritOfProblem(model, scan, p)).filter((c): c is SchemaCulprit => !!c);
  }

  const apply = (text: string, edits: readonly { start: number; end: number; text: string }[]) =>
    [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);

  const cases: [what: string, from: string, to: string, kind: SchemaCulprit['kind'], fixed: string | undefined][] = [
    [
      'a misspelled value inside <devices> (libxml2 names only <devices>)',
      "bus='virtio'",
      "bus='virtoi'",
      'value',
      'virtio',
    ],
    ['a misspelled disk type', "<disk type='file'", "<disk type='fiel'", 'value', 'file'],
    ['a misspelled attribute', "bus='virtio'", "buss='virtio'", 'attribute', 'bus'],
    [
      'a misspelled element with an end tag',
      "<memory unit='MiB'>512</memory>",
      "<memroy unit='MiB'>512</memroy>",
      'element',
      'memory',
    ],
    ['a misspelled empty element inside <disk>', '<target dev', '<targte dev', 'element', 'target'],
    ['an unknown element: no fix', '</devices>', '<zzzzzz/></devices>', 'element', undefined],
    ['an unknown attribute on <memory>', "<memory unit='MiB'>", "<memory unit='MiB' foo='1'>", 'attribute', undefined],
  ];
  for (const [what, from, to, kind, fixed] of cases) {
    it(what, async () => {
      const text = VALID_DOMAIN.replace(from, to);
      assert.notEqual(text, VALID_DOMAIN);
      const found = await culprits(text);
      assert.ok(found.length > 0, 'no culprit found');
      const c = found[0];
      assert.equal(c.kind, kind);
      assert.ok(c.allowed.length > 0);
      const fix = culpritReplacement(text, c);
      if (fixed === undefined) {
        assert.equal(fix, undefined);
        return;
      }
      assert.equal(fix?.to, fixed);
      assert.ok(c.allowed.includes(fixed));
      const repaired = apply(text, fix.edits);
      assert.equal((await validator.validate(repaired)).status, 'valid', repaired);
    });
  }

  it('lists what is allowed instead: the children of the parent, the valid values', async () => {
    const [el] = await culprits(VALID_DOMAIN.replace('</devices>', '<zzzzzz/></devices>'));
    assert.ok(el.kind === 'element' && el.parent === 'devices');
    for (const d of ['disk', 'interface', 'graphics']) assert.ok(el.allowed.includes(d), d);
    const [v] = await culprits(VALID_DOMAIN.replace("bus='virtio'", "bus='nvme0'"));
    assert.ok(v.kind === 'value');
    assert.deepEqual([...v.allowed].sort(), ['fdc', 'ide', 'sata', 'scsi', 'sd', 'uml', 'usb', 'virtio', 'xen']);
  });

  it('closest name: distance at most 2, unique best, never the name itself', () => {
    assert.equal(editDistance('virtoi', 'virtio'), 2);
    assert.equal(closestName('virtoi', ['virtio', 'xen']), 'virtio');
    assert.equal(closestName('abc', ['abd', 'abe']), undefined, 'a tie is not certain');
    assert.equal(closestName('zzzzzz', ['disk']), undefined);
    assert.equal(closestName('disk', ['disk', 'desk']), undefined);
  });
});
