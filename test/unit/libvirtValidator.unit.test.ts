// The in-process libvirt validator (src/core/validation/libvirtValidator.ts): libxml2 compiled
// to WebAssembly, loaded from dist/libxml2.wasm as the extension loads it, judging documents
// by the schemas vendored in data/libvirt-schemas. Its verdicts, the kinds and places of its
// problems, what it refuses to read, and hostile input. The comparison with virt-xml-validate
// on hundreds of documents is libvirtValidatorDifferential.unit.test.ts.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { refusedDoctype, rootElementName } from '../../src/core/validation/libvirtDocument';
import { sharedLibxml2Engine } from '../../src/core/validation/libxml2Engine';
import { classifyRelaxNgMessage } from '../../src/core/validation/libxml2Problems';
import {
  createLibvirtValidator,
  MAX_DOCUMENT_LENGTH,
  type LibvirtProblem,
  type LibvirtSchemaLoader,
  type LibvirtValidationResult,
} from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { elementAtPath, scanXml } from '../../src/core/validation/xmlTextScan';
import { OTHER_VALID_DOCUMENTS, VALID_DOMAIN } from './support/domains';

const root = resolve(__dirname, '../..');
const schemaDir = join(root, 'data/libvirt-schemas');
const wasmFile = join(root, 'dist/libxml2.wasm');
const LABEL = 'libvirt 9.0.0 (bundled)';

/** The bundled loader, counting what it is asked for. */
function countingLoader(label = LABEL): LibvirtSchemaLoader & { reads: string[]; wasmReads: number } {
  const inner = nodeSchemaLoader({ schemaDir, wasmFile, label });
  const loader = {
    label,
    reads: [] as string[],
    wasmReads: 0,
    read(name: string) {
      loader.reads.push(name);
      return inner.read(name);
    },
    wasm() {
      loader.wasmReads++;
      return inner.wasm();
    },
  };
  return loader;
}

/** A domain around `os` (the content of <os>) or `extra` (after <os>). */
const domain = (os: string, extra = '') =>
  `<domain type='kvm'>\n  <name>a</name>\n  <memory>1</memory>\n  <os>\n    ${os}\n  </os>\n${extra}</domain>\n`;

function invalid(result: LibvirtValidationResult): readonly LibvirtProblem[] {
  assert.equal(result.status, 'invalid', JSON.stringify(result, null, 2));
  return result.status === 'invalid' ? result.problems : [];
}

/** The text a problem's range covers (single-line ranges). */
function covered(text: string, p: LibvirtProblem): string {
  assert.ok(p.line !== null && p.column !== null && p.endColumn !== null, JSON.stringify(p));
  assert.equal(p.endLine, p.line);
  const line = text.split(/\r\n|\r|\n/)[p.line - 1];
  return line.slice(p.column - 1, p.endColumn - 1);
}

describe('libvirt validator (libxml2 in WebAssembly)', function () {
  this.timeout(60_000);
  const loader = countingLoader();
  const validator = createLibvirtValidator(loader);

  describe('refusedDoctype', () => {
    const cases: [string, string, string | undefined][] = [
      ['no DOCTYPE', VALID_DOMAIN, undefined],
      // Stricter than a parser on purpose: libvirt documents never have a DOCTYPE at all.
      ['a bare DOCTYPE', `<!DOCTYPE domain>\n${VALID_DOMAIN}`, 'doctype'],
      ['an entity outside a DOCTYPE', `${VALID_DOMAIN}\n<!ENTITY x SYSTEM "file:///etc/passwd">`, 'entity'],
      ['SYSTEM', `<!DOCTYPE domain SYSTEM "http://example.com/x.dtd">${VALID_DOMAIN}`, 'external'],
      ['PUBLIC', `<!DOCTYPE domain PUBLIC "-//X//Y" "x.dtd">${VALID_DOMAIN}`, 'external'],
      ['an internal subset', `<!DOCTYPE domain [<!ENTITY x "y">]>${VALID_DOMAIN}`, 'internal-subset'],
      [
        'after a BOM, the declaration, comments and PIs',
        `\ufeff<?xml version="1.0"?>\n<!-- c -->\n<?pi x?>\n<!DOCTYPE domain [<!ENTITY x "]>">]>${VALID_DOMAIN}`,
        'internal-subset',
      ],
      [
        'past the kind detection window',
        `<!--${' '.repeat(40_000)}--><!DOCTYPE domain SYSTEM "x.dtd">${VALID_DOMAIN}`,
        'external',
      ],
      [
        'a DOCTYPE-like text in the body (refused too: no parser differential can slip past)',
        VALID_DOMAIN.replace('demo</name>', 'd</name><description><![CDATA[<!DOCTYPE x SYSTEM "y">]]></description>'),
        'external',
      ],
    ];
    for (const [what, text, reason] of cases)
      it(`${what} → ${reason ?? 'accepted'}`, () => assert.equal(refusedDoctype(text)?.reason, reason));

    it('says where the DOCTYPE is', () => {
      const r = refusedDoctype('<?xml version="1.0"?>\n  <!DOCTYPE domain SYSTEM "x.dtd">\n<domain/>');
      assert.deepEqual([r?.line, r?.column], [2, 3]);
      assert.match(r?.message ?? '', /external DTD/);
    });

    it('still lets rootElementName see through a DOCTYPE with quoted brackets', () => {
      assert.equal(rootElementName('<!DOCTYPE d [<!ENTITY x "]>">]><network/>'), 'network');
    });
  });

  describe('classifyRelaxNgMessage', () => {
    const cases: [string, string | undefined, string, Record<string, string>][] = [
      ['Element os has extra content: bogus', 'bogus', 'extra-element', { element: 'bogus', parent: 'os' }],
      ['Did not expect element foo there', 'devices', 'extra-element', { element: 'foo', parent: 'devices' }],
      ['Expecting an element name, got nothing', 'network', 'missing-element', { expected: 'name', parent: 'network' }],
      ['Expecting element domain, got network', 'network', 'missing-element', { expected: 'domain', found: 'network' }],
      [
        'Element domain failed to validate content',
        'devices',
        'invalid-content',
        { element: 'domain', child: 'devices' },
      ],
      ['Extra element devices in interleave', undefined, 'invalid-content', { child: 'devices' }],
      ['Invalid sequence in interleave', 'domain', 'invalid-content', { element: 'domain' }],
      ['Invalid attribute arch for element type', 'type', 'invalid-attribute', { attribute: 'arch', element: 'type' }],
      ['Element boot failed to validate attributes', 'boot', 'bad-attribute-value', { element: 'boot' }],
      [
        "Type unsignedLong doesn't allow value 'lots'",
        'memory',
        'bad-element-value',
        { type: 'unsignedLong', value: 'lots', element: 'memory' },
      ],
      ['Error validating value', 'type', 'bad-element-value', { element: 'type' }],
      ['Did not expect text in element os content', 'os', 'unexpected-text', { element: 'os' }],
      ['Expecting no namespace for element domain', 'domain', 'other', { element: 'domain' }],
    ];
    for (const [message, node, kind, names] of cases)
      it(message, () => assert.deepEqual(classifyRelaxNgMessage(message, node), { kind, names }));
  });

  describe('scanXml and elementAtPath', () => {
    const text = [
      '<?xml version="1.0"?><!-- <fake/> -->',
      "<domain type='kvm' xmlns:qemu='urn:q'>",
      '  <devices><disk a="1>2"/><![CDATA[<disk/>]]><disk',
      "     b='x'/><interface/></devices>",
      '  <qemu:commandline><qemu:arg value="-x"/><qemu:arg value="-y"/></qemu:commandline>',
      '</domain>',
    ].join('\n');
    const doc = scanXml(text);
    const at = (path: string) => {
      const e = elementAtPath(doc, path);
      return e && text.slice(e.start, e.nameEnd);
    };

    it('finds elements by libxml2 XPaths', () => {
      assert.equal(at('/domain'), '<domain');
      assert.equal(at('/domain/devices/disk[2]'), '<disk');
      assert.equal(elementAtPath(doc, '/domain/devices/disk[2]')?.attributes[0].value, 'x');
      assert.equal(elementAtPath(doc, '/domain/devices/disk[1]')?.attributes[0].value, '1>2');
      assert.equal(at('/domain/devices/interface'), '<interface');
      assert.equal(elementAtPath(doc, '/domain/qemu:commandline/qemu:arg[2]')?.attributes[0].value, '-y');
      assert.equal(at('/domain/devices/disk[3]'), undefined);
      const devices = elementAtPath(doc, '/domain/devices');
      assert.ok(devices);
      assert.equal(
        text.slice(devices.start, devices.end),
        text.slice(text.indexOf('<devices>'), text.indexOf('</devices>') + 10),
      );
      const disk = elementAtPath(doc, '/domain/devices/disk[2]');
      assert.equal(disk && text.slice(disk.start, disk.end), "<disk\n     b='x'/>");
      assert.equal(at('/network'), undefined);
    });

    it('survives broken text', () => {
      for (const broken of ['<a><b></a>', '<a x="', '<', '</x>', '<a><!-- ', '<!DOCTYPE [', '<a b=c d>t</a>'])
        assert.doesNotThrow(() => scanXml(broken), broken);
      assert.equal(
        scanXml('<a><b></a><c/>')
          .root?.children.map((e) => e.name)
          .join(),
        'b',
      );
    });
  });

  describe('verdicts', () => {
    it('accepts a valid domain and says who judged it', async () => {
      assert.deepEqual(await validator.validate(VALID_DOMAIN), { status: 'valid', schema: 'domain', validator: LABEL });
    });

    it('validates networks, pools, volumes and snapshots with their own schemas', async () => {
      for (const [text, schema] of OTHER_VALID_DOCUMENTS)
        assert.deepEqual(await validator.validate(text), { status: 'valid', schema, validator: LABEL });
      invalid(await validator.validate("<network>\n  <name>n</name>\n  <forward mode='natt'/>\n</network>\n"));
    });

    it('uses the schema it is given', async () => {
      invalid(await validator.validate(VALID_DOMAIN, { schema: 'network' }));
    });

    it('reports an unknown document kind, and a schema the loader does not have', async () => {
      const foo = await validator.validate('<foo/>');
      assert.equal(foo.status, 'unknown-kind');
      const empty = createLibvirtValidator({ label: 'nothing', read: async () => undefined, wasm: loader.wasm });
      const result = await empty.validate(VALID_DOMAIN);
      assert.deepEqual(result, { status: 'unknown-kind', message: 'nothing has no schema domain.rng.' });
    });

    it('loads libxml2 once and compiles each schema once', async () => {
      const counted = countingLoader();
      const v = createLibvirtValidator(counted);
      for (let i = 0; i < 3; i++) assert.equal((await v.validate(VALID_DOMAIN)).status, 'valid');
      assert.equal(counted.reads.filter((n) => n === 'domain.rng').length, 1);
      // domain.rng and what it includes, each read once.
      assert.equal(new Set(counted.reads).size, counted.reads.length, counted.reads.join());
      assert.ok(counted.reads.includes('domaincommon.rng') && counted.reads.includes('basictypes.rng'));
      assert.ok(loader.wasmReads + counted.wasmReads <= 1, 'one libxml2 instance per realm');
    });

    it('answers a cancelled validation', async () => {
      const controller = new AbortController();
      controller.abort();
      assert.equal((await validator.validate(VALID_DOMAIN, { signal: controller.signal })).status, 'cancelled');
    });
  });

  describe('problems: kinds, names and ranges', () => {
    it('a bad value in element text', async () => {
      const text = VALID_DOMAIN.replace('>512<', '>lots<');
      const problems = invalid(await validator.validate(text));
      const p = problems.find((x) => x.kind === 'bad-element-value');
      assert.ok(p, JSON.stringify(problems));
      assert.deepEqual(
        { ...p, covered: covered(text, p) },
        {
          line: 3,
          column: 22,
          endLine: 3,
          endColumn: 26,
          message: "Type unsignedLong doesn't allow value 'lots'",
          raw: "Type unsignedLong doesn't allow value 'lots'",
          kind: 'bad-element-value',
          names: { type: 'unsignedLong', value: 'lots', element: 'memory' },
          path: '/domain/memory',
          element: 'memory',
          covered: 'lots',
        },
      );
      // "Extra element memory in interleave" has no node: it borrows the memory element's place.
      const extra = problems.find((x) => x.raw === 'Extra element memory in interleave');
      assert.equal(extra?.kind, 'invalid-content');
      assert.equal(extra?.line, 3);
    });

    it('an attribute value libxml2 calls an invalid attribute', async () => {
      const text = domain("<type arch='x86_64x'>hvm</type>");
      const p = invalid(await validator.validate(text)).find((x) => x.kind === 'invalid-attribute');
      assert.ok(p);
      assert.deepEqual(p.names, { attribute: 'arch', element: 'type', value: 'x86_64x' });
      assert.equal(covered(text, p), "arch='x86_64x'");
    });

    it('an unknown attribute', async () => {
      const text = domain('<type>hvm</type>').replace('<os>', "<os colour='red'>");
      const p = invalid(await validator.validate(text)).find((x) => x.kind === 'invalid-attribute');
      assert.deepEqual(p?.names, { attribute: 'colour', element: 'os', value: 'red' });
      assert.equal(p && covered(text, p), "colour='red'");
    });

    it('attributes that fail (a bad value or a missing one), at the element', async () => {
      for (const boot of ["<boot dev='floppyx'/>", '<boot/>']) {
        const text = domain(`<type>hvm</type>\n    ${boot}`);
        const p = invalid(await validator.validate(text)).find((x) => x.kind === 'bad-attribute-value');
        assert.ok(p, boot);
        assert.deepEqual([p.line, covered(text, p), p.names], [6, '<boot', { element: 'boot' }]);
      }
    });

    it('an element that is not allowed, at that element', async () => {
      const text = domain('<type>hvm</type>\n    <bogus/>');
      const problems = invalid(await validator.validate(text));
      const p = problems.find((x) => x.kind === 'extra-element');
      assert.deepEqual(p?.names, { element: 'bogus', parent: 'os' });
      assert.deepEqual([p?.line, p && covered(text, p)], [6, '<bogus']);
      const content = problems.find((x) => x.raw === 'Element domain failed to validate content');
      assert.deepEqual(
        [content?.kind, content?.names, content?.line],
        ['invalid-content', { element: 'domain', child: 'os' }, 4],
      );
    });

    it('a missing element, at its parent', async () => {
      const text = "<network>\n  <bridge name='virbr0'/>\n</network>\n";
      const p = invalid(await validator.validate(text)).find((x) => x.kind === 'missing-element');
      assert.deepEqual(
        [p?.names, p?.line, p && covered(text, p)],
        [{ expected: 'name', parent: 'network' }, 1, '<network'],
      );
    });

    it('a start tag over several lines, found where it starts', async () => {
      const text =
        "<domain\n  type='kvm'>\n  <name>a</name>\n  <memory>1</memory>\n  <os\n    colour='red'\n  >\n    <type>hvm</type>\n  </os>\n</domain>\n";
      const p = invalid(await validator.validate(text)).find((x) => x.kind === 'invalid-attribute');
      assert.deepEqual([p?.line, p && covered(text, p)], [6, "colour='red'"]);
      const onOs = invalid(await validator.validate(text)).find(
        (x) => x.raw === 'Element domain failed to validate content',
      );
      assert.deepEqual([onOs?.line, onOs?.column], [5, 3]);
    });

    it('a document that is not well-formed, with columns as an editor counts them', async () => {
      // 😀 is one code point (libxml2 counts one) but two UTF-16 code units (an editor counts two).
      const text = "<domain type='kvm'>\n  <description>中文😀</descriptio>\n</domain>\n";
      const [p] = invalid(await validator.validate(text));
      assert.equal(p.kind, 'not-well-formed');
      assert.equal(p.raw, 'Opening and ending tag mismatch: description line 2 and descriptio');
      assert.equal(covered(text, p), '</descriptio>');
      assert.equal(p.column, text.split('\n')[1].indexOf('</descriptio>') + 1);
      const amp = "<domain type='kvm'>\n  <name>a😀 & b</name>\n</domain>\n";
      const [q] = invalid(await validator.validate(amp));
      assert.deepEqual([q.kind, q.line, covered(amp, q)], ['not-well-formed', 2, ' ']);
      assert.equal(q.column, amp.split('\n')[1].indexOf('&') + 2, 'just after the &, where libxml2 stopped');
    });
  });

  describe('what libxml2 may read', () => {
    let server: Server;
    let port: number;
    const requests: string[] = [];
    before(async () => {
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        res.end('<!ENTITY leak "LEAKED">');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((r) => server.close(() => r())));

    const secretFile = join(root, 'package.json');
    const hostile = () => [
      `<!DOCTYPE domain [<!ENTITY % remote SYSTEM "http://127.0.0.1:${port}/x.dtd"> %remote;]>\n<domain type='kvm'><name>&leak;</name></domain>`,
      `<!DOCTYPE domain SYSTEM "http://127.0.0.1:${port}/domain.dtd">\n<domain type='kvm'><name>a</name></domain>`,
      `<!DOCTYPE domain [<!ENTITY file SYSTEM "file://${secretFile}">]>\n<domain type='kvm'><name>&file;</name></domain>`,
      `<!DOCTYPE domain [<!ENTITY file SYSTEM "${secretFile}">]>\n<domain type='kvm'><name>&file;</name></domain>`,
    ];

    it('refuses documents with a DTD, and nothing is fetched', async () => {
      for (const text of hostile()) {
        const result = await validator.validate(text);
        assert.equal(result.status, 'refused-doctype', text);
      }
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(requests, []);
    });

    it('parses with options that load no DTD and substitute no entity, even without the refusal', async () => {
      const engine = await sharedLibxml2Engine(loader.wasm);
      const before = engine.inputRequests.length;
      for (const text of hostile()) {
        const parsed = engine.parse(text);
        assert.ok(parsed.ok && parsed.serialized, JSON.stringify(parsed));
        assert.ok(!parsed.serialized.includes('LEAKED'), parsed.serialized);
        assert.ok(!parsed.serialized.includes('"name": "virtkit"'), 'the local file was not read');
        // The entity reference stays a reference: nothing was substituted.
        if (text.includes('<name>&')) assert.match(parsed.serialized, /<name>&(leak|file);<\/name>/);
      }
      assert.equal(engine.inputRequests.length, before, engine.inputRequests.slice(before).join());
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(requests, []);
    });

    it('serves a schema only its own files, by bare name', async () => {
      const evil = `<grammar xmlns="http://relaxng.org/ns/structure/1.0">
  <include href="../basictypes.rng"/>
  <include href="${secretFile}"/>
  <include href="http://127.0.0.1:${port}/x.rng"/>
  <include href="file:///etc/passwd"/>
  <start><element name="domain"><empty/></element></start>
</grammar>`;
      const asked: string[] = [];
      const v = createLibvirtValidator({
        label: 'evil',
        read: async (name) => {
          asked.push(name);
          return name === 'domain.rng' ? new TextEncoder().encode(evil) : loader.read(name);
        },
        wasm: loader.wasm,
      });
      const engine = await sharedLibxml2Engine(loader.wasm);
      const before = engine.inputRequests.length;
      const result = await v.validate('<domain/>');
      assert.equal(result.status, 'error', JSON.stringify(result));
      assert.deepEqual(asked, ['domain.rng'], 'the loader is asked for bare names only');
      // libxml2 asked for them; the provider claimed every request and opened none.
      assert.deepEqual(engine.inputRequests.slice(before), [
        '../basictypes.rng',
        secretFile,
        `http://127.0.0.1:${port}/x.rng`,
        'file:///etc/passwd',
      ]);
      assert.match((result as { message: string }).message, /could not load \.\.\/basictypes\.rng/);
      assert.deepEqual(requests, []);
    });
  });

  describe('hostile input: a result in bounded time, never a hang or a crash', () => {
    const bounded = async (text: string, what: string) => {
      const started = Date.now();
      const result = await validator.validate(text);
      const ms = Date.now() - started;
      assert.ok(ms < 10_000, `${what}: ${ms} ms`);
      assert.ok(
        ['valid', 'invalid', 'too-large'].includes(result.status),
        `${what}: ${JSON.stringify(result).slice(0, 300)}`,
      );
      return result;
    };

    it('a 3 MB document', async () => {
      const description = 'x'.repeat(3 * 1024 * 1024);
      const text = VALID_DOMAIN.replace(
        '<name>demo</name>',
        `<name>demo</name><description>${description}</description>`,
      );
      assert.equal((await bounded(text, '3 MB description')).status, 'valid');
      const disks = Array.from({ length: 12_000 }, (_, i) => `<controller type='scsi' index='${i}'/>`).join('\n');
      const many = VALID_DOMAIN.replace('<devices>', `<devices>\n${disks}`);
      assert.ok(many.length > 400_000);
      await bounded(many, '12,000 devices');
      const broken = many.replace("<controller type='scsi' index='11999'/>", "<controller type='scsi' index='x'/>");
      const problems = invalid(await bounded(broken, '12,000 devices, one bad'));
      assert.ok(problems.length > 0);
    });

    it('10,000-deep nesting', async () => {
      const text = `<domain type='kvm'><name>a</name><description>${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}</description></domain>`;
      const [p] = invalid(await bounded(text, 'deep'));
      assert.equal(p.kind, 'not-well-formed');
      assert.match(p.raw, /depth/i);
    });

    it('binary content, NUL characters, lone surrogates and replacement characters', async () => {
      let seed = 7;
      const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
      const binary = Array.from({ length: 64 * 1024 }, () => String.fromCharCode(Math.floor(random() * 256))).join('');
      invalid(await bounded(`<domain type='kvm'>${binary}</domain>`, 'binary'));
      invalid(await bounded("<domain type='kvm'><name>\u0000</name></domain>", 'NUL'));
      invalid(await bounded("<domain type='kvm'><name>\ud800</name></domain>", 'lone surrogate'));
      // Invalid UTF-8 as an editor shows it: U+FFFD, which XML allows.
      const decoded = new TextDecoder().decode(
        Buffer.concat([
          Buffer.from(VALID_DOMAIN.slice(0, 30)),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from(VALID_DOMAIN.slice(30)),
        ]),
      );
      await bounded(decoded, 'invalid UTF-8');
    });

    it('a document over the size limit is not parsed', async () => {
      const huge = VALID_DOMAIN.replace(
        'demo</name>',
        `demo</name><description>${'x'.repeat(MAX_DOCUMENT_LENGTH)}</description>`,
      );
      const started = Date.now();
      assert.equal((await validator.validate(huge)).status, 'too-large');
      assert.ok(Date.now() - started < 2000);
    });

    it('still validates normally afterwards', async () => {
      assert.equal((await validator.validate(VALID_DOMAIN)).status, 'valid');
    });
  });

  describe('files', () => {
    it('read its schemas from data/libvirt-schemas by bare name, and libxml2 from dist/libxml2.wasm', () => {
      assert.ok(
        readFileSync(wasmFile)
          .subarray(0, 4)
          .equals(Buffer.from([0, 0x61, 0x73, 0x6d])),
      );
      assert.ok(loader.reads.length > 0);
      assert.ok(
        loader.reads.every((n) => /^[\w-]+\.rng$/.test(n)),
        loader.reads.join(),
      );
    });
  });
});
