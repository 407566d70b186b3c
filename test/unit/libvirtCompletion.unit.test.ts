// Completion in libvirt XML from the schema (src/core/libvirtXml/completionContext.ts and
// schemaCompletion.ts): where the cursor is, what is offered there and the snippet text, against
// the real schemas (data/libvirt-schemas). `|` marks the cursor in each document.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { completionContextAt } from '../../src/core/libvirtXml/completionContext';
import { schemaCompletions, type SchemaCompletion } from '../../src/core/libvirtXml/schemaCompletion';
import { LibvirtSchemaModel, readSchemaTexts } from '../../src/core/libvirtXml/schemaModel';
import { createLibvirtValidator } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { repoRoot } from './support/libvirtSnippetDocuments';

const loader = nodeSchemaLoader({
  schemaDir: join(repoRoot, 'data/libvirt-schemas'),
  wasmFile: join(repoRoot, 'dist/libxml2.wasm'),
  label: 'bundled',
});

/** The text without its `|` and the offset of the `|`. */
function at(marked: string): [string, number] {
  const i = marked.indexOf('|');
  assert.ok(i >= 0);
  return [marked.slice(0, i) + marked.slice(i + 1), i];
}

const DOMAIN = (inner: string) => `<domain type='kvm'>\n  <name>d</name>\n  <memory>1</memory>\n${inner}\n</domain>\n`;

describe('libvirt XML completion', function () {
  this.timeout(60_000);
  let domain: LibvirtSchemaModel;
  const complete = (marked: string): SchemaCompletion[] => {
    const [text, offset] = at(marked);
    return schemaCompletions(domain, text, offset);
  };
  const labels = (marked: string) => complete(marked).map((c) => c.label);

  before(async () => {
    domain = new LibvirtSchemaModel('domain.rng', await readSchemaTexts('domain.rng', (n) => loader.read(n)));
  });

  it('finds the place: element name, attribute, value, text, and nothing in comments', () => {
    const [t1, o1] = at('<domain><devices><dis|');
    assert.deepEqual(completionContextAt(t1, o1), {
      kind: 'element',
      parents: [
        { name: 'domain', attributes: {} },
        { name: 'devices', attributes: {} },
      ],
      start: 18,
      end: 21,
      prefix: 'dis',
    });
    const [t2, o2] = at(`<domain><disk type='file' d|`);
    assert.equal(completionContextAt(t2, o2)?.kind, 'attribute');
    const [t3, o3] = at(`<domain><disk type='fi|le'>`);
    const v = completionContextAt(t3, o3);
    assert.ok(v?.kind === 'value');
    assert.equal(v.attribute, 'type');
    assert.equal(t3.slice(v.start, v.end), 'file');
    // The value being edited does not narrow its own element.
    assert.deepEqual(v.path[v.path.length - 1].attributes, {});
    assert.equal(completionContextAt(...at('<domain><!-- <dis| -->')), undefined);
    assert.equal(completionContextAt(...at('<domain><![CDATA[ <dis| ]]>')), undefined);
    // An unfinished tag above the cursor is not an open element.
    const [t4, o4] = at('<domain>\n<devices>\n<dri\n<|');
    const c4 = completionContextAt(t4, o4);
    assert.ok(c4?.kind === 'element');
    assert.deepEqual(
      c4.parents.map((p) => p.name),
      ['domain', 'devices'],
    );
  });

  it('after < inside <devices>: the device elements, each with its closing tag or self-closed', () => {
    const items = complete(DOMAIN('  <devices>\n    <|\n  </devices>'));
    const names = items.map((c) => c.label);
    for (const d of ['disk', 'interface', 'graphics', 'video', 'hostdev', 'controller', 'emulator'])
      assert.ok(names.includes(d), d);
    assert.ok(!names.includes('name') && !names.includes('os'), 'no domain-level elements inside devices');
    const disk = items.find((c) => c.label === 'disk')!;
    assert.equal(disk.snippet, 'disk>$0</disk>');
    const controller = items.find((c) => c.label === 'controller')!;
    assert.match(controller.snippet, /^controller type="\$\{1\|[a-z-]+(,[a-z-]+)+\|\}">\$0<\/controller>$/);
  });

  it('an empty element self-closes, with its required attributes', () => {
    const items = complete(DOMAIN("  <devices>\n    <disk type='file'>\n      <|\n    </disk>\n  </devices>"));
    assert.equal(items.find((c) => c.label === 'target')?.snippet, 'target dev="$1"/>');
    assert.equal(items.find((c) => c.label === 'readonly')?.snippet, 'readonly/>');
  });

  it('renaming a tag that has attributes inserts the name only', () => {
    const items = complete(DOMAIN("  <devices>\n    <dis| type='file'/>\n  </devices>"));
    assert.equal(items.find((c) => c.label === 'disk')?.snippet, 'disk');
  });

  it('inside a start tag: the attributes not yet written, values retriggering suggestions', () => {
    const names = labels(DOMAIN("  <devices>\n    <disk type='file' |>\n    </disk>\n  </devices>"));
    assert.ok(names.includes('device') && names.includes('snapshot'), names.join(' '));
    assert.ok(!names.includes('type'), 'type is written already');
    const item = complete(DOMAIN("  <devices>\n    <disk type='file' |>\n    </disk>\n  </devices>")).find(
      (c) => c.label === 'device',
    )!;
    assert.equal(item.snippet, 'device="$1"');
    assert.equal(item.retrigger, true);
  });

  it('inside an attribute value: the enumerated values, narrowed by the other attributes', () => {
    assert.deepEqual(labels(DOMAIN("  <devices>\n    <disk type='|'>\n    </disk>\n  </devices>")).sort(), [
      'block',
      'dir',
      'file',
      'network',
      'nvme',
      'vhostuser',
      'volume',
    ]);
    const network = labels(
      DOMAIN("  <devices>\n    <disk type='network'>\n      <source protocol='|'/>\n    </disk>\n  </devices>"),
    );
    assert.ok(network.includes('rbd') && network.includes('iscsi'), network.join(' '));
    assert.deepEqual(
      labels("<domain type='|'>"),
      domain.elementAt([{ name: 'domain' }])!.attributes.find((a) => a.name === 'type')!.values,
    );
  });

  it('in the text of an element with enumerated text: its values', () => {
    assert.ok(labels(DOMAIN('  <on_crash>|</on_crash>')).includes('coredump-restart'));
    assert.deepEqual(labels(DOMAIN('  <devices>|</devices>')), []);
  });

  it('namespaced elements only with their prefix declared', () => {
    assert.ok(!labels(DOMAIN('  <|')).some((n) => n.endsWith('commandline')));
    const declared = `<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n  <|\n</domain>`;
    assert.ok(labels(declared).includes('qemu:commandline'));
  });

  it('each element offered inside <features> and self-closed is accepted there by the validator', async () => {
    const validator = createLibvirtValidator(loader);
    const base = DOMAIN("  <os><type arch='x86_64' machine='q35'>hvm</type></os>\n  <features>\n    <|\n  </features>");
    const items = complete(base).filter((c) => c.snippet.endsWith('/>') && !c.snippet.includes('$'));
    assert.ok(items.length >= 10, `${items.length}`);
    const [text, offset] = at(base);
    for (const item of items) {
      const doc = text.slice(0, item.start) + item.snippet + text.slice(item.end);
      const r = await validator.validate(doc);
      assert.equal(r.status, 'valid', `<${item.snippet}: ${JSON.stringify(r).slice(0, 300)}`);
    }
    assert.equal(text[offset - 1], '<');
  });
});
