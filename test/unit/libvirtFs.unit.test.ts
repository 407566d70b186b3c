// The pure parts of editing libvirt definitions (src/core/libvirt/definitions.ts, newDomain.ts):
// the libvirt: URI encoding with hostile connection URIs and names, where a define error
// points, and the "New Virtual Machine…" template judged by the in-process validator.
import * as assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import {
  decodeConnection,
  definitionKindOf,
  definitionName,
  definitionPath,
  encodeConnection,
  hashDefinition,
  locateDefineError,
  parseDefinitionPath,
} from '../../src/core/libvirt/definitions';
import { newDomainXml, type NewDomainOptions } from '../../src/core/libvirt/newDomain';
import { createLibvirtValidator } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';

const HOSTILE_NAMES = [
  'web server',
  `it's "quoted"`,
  '$(touch pwned)',
  'a; rm -rf ~',
  '`id`',
  '虚拟机-一号',
  '🚀 rocket',
  '%41%2F..',
  '#hash?query',
  '..',
  '.xml',
  '-starts-with-dash',
  'back\\slash',
  'a&b<c>',
];

describe('libvirt: URIs', () => {
  const uris = [
    'qemu:///system',
    'qemu:///session',
    'qemu+ssh://root@example.org/system',
    'qemu+ssh://User@Host.Example:2222/system?keyfile=/home/u/.ssh/id_ed25519&no_verify=1',
    'qemu+tls://[2001:db8::1]/system',
    'test:///default',
    'test:///tmp/node with spaces.xml',
    'qemu+ssh://用户@主机/system#frag',
  ];

  for (const uri of uris)
    it(`round-trips the connection ${uri}`, () => {
      const a = encodeConnection(uri);
      assert.match(a, /^[a-z0-9-]+$/, 'only characters an authority keeps, in lower case');
      assert.equal(decodeConnection(a), uri);
      // VS Code may print the authority in upper or lower case: both decode.
      assert.equal(decodeConnection(a.toUpperCase()), uri);
    });

  it('refuses authorities it did not make', () => {
    for (const bad of ['', 'qemu:x', 'a-zz', 'a-1', 'a@b', '-ff-fe'])
      assert.equal(decodeConnection(bad), undefined, bad);
  });

  for (const name of HOSTILE_NAMES)
    it(`round-trips the name ${JSON.stringify(name)} in the path`, () => {
      for (const kind of ['domain', 'network', 'pool'] as const) {
        const path = definitionPath(kind, name);
        assert.deepEqual(parseDefinitionPath(path), { kind, name });
        // As a URI's path travels: percent-encoded per segment, then decoded.
        const travelled = decodeURIComponent(path.split('/').map(encodeURIComponent).join('/'));
        assert.deepEqual(parseDefinitionPath(travelled), { kind, name });
      }
    });

  it('parses only its own paths', () => {
    for (const bad of ['/domain/x', '/volume/x.xml', '/domain/a/b.xml', 'domain/x.xml', '/domain/.xml'])
      assert.equal(parseDefinitionPath(bad), undefined, bad);
  });
});

describe('definitions: documents', () => {
  it('tells the kind from the root element', () => {
    assert.equal(definitionKindOf(`<?xml version='1.0'?>\n<!-- c -->\n<domain type='kvm'/>`), 'domain');
    assert.equal(definitionKindOf('<network/>'), 'network');
    assert.equal(definitionKindOf(`<pool type='dir'/>`), 'pool');
    assert.equal(definitionKindOf('<volume/>'), undefined);
    assert.equal(definitionKindOf('not xml'), undefined);
  });

  it('reads the name, entities expanded', () => {
    assert.equal(definitionName(`<domain><name>a &amp; b</name><devices><name>no</name></devices></domain>`), 'a & b');
    assert.equal(definitionName('<domain/>'), undefined);
    assert.equal(definitionName('<domain>'), undefined);
  });

  it('fingerprints text exactly', () => {
    assert.notEqual(hashDefinition('<a/>'), hashDefinition('<a/>\n'));
    assert.equal(hashDefinition('<a/>'), hashDefinition('<a/>'));
  });
});

describe('definitions: where a define error points', () => {
  const xml = `<domain type='qemu'>\n  <name>x</name>\n  <devices>\n    <disk type='file' device='disk'/>\n    <disk type='file' device='floppyx'/>\n    <serial type="pty">\n  </devices>\n</domain>\n`;

  it("takes the line and caret of libxml2's parser error (as libvirt 9.0 words it)", () => {
    const message = `(domain_definition):7: Opening and ending tag mismatch: serial line 6 and devices\n  </devices>\n------------^`;
    assert.deepEqual(locateDefineError(message, xml), { line: 7, column: 13 });
  });

  it('finds the element (with the attribute) a semantic error names', () => {
    const message = `XML error: Invalid value for attribute 'device' in element 'disk': 'floppyx'.`;
    // Both disks have `device`; the first with the attribute is the best the message allows.
    assert.deepEqual(locateDefineError(message, xml), { line: 4, column: 5, element: 'disk' });
  });

  it('gives no place when the message names none', () => {
    assert.equal(locateDefineError('XML error: maximum vcpus count must be an integer', xml), undefined);
    assert.equal(locateDefineError(`element 'nosuch' is wrong`, xml), undefined);
  });
});

describe('New Virtual Machine template', () => {
  const root = resolve(__dirname, '../..');
  const validator = createLibvirtValidator(
    nodeSchemaLoader({
      schemaDir: join(root, 'data/libvirt-schemas'),
      wasmFile: join(root, 'dist/libxml2.wasm'),
      label: 'bundled',
    }),
  );
  const base: NewDomainOptions = {
    name: 'demo',
    memoryMiB: 2048,
    vcpus: 2,
    type: 'kvm',
    diskPath: '/var/lib/libvirt/images/demo.qcow2',
    diskSizeGiB: 20,
    isoPath: '/srv/iso/debian-12.iso',
    network: 'default',
  };
  const cases: [string, NewDomainOptions][] = [
    ['the defaults', base],
    [
      'emulation, no disk, no ISO, no network',
      { ...base, type: 'qemu', diskPath: undefined, isoPath: undefined, network: undefined },
    ],
    ['a created disk', { ...base, diskCreated: true }],
    ['one vCPU and 128 MiB', { ...base, vcpus: 1, memoryMiB: 128 }],
    ...HOSTILE_NAMES.map((name): [string, NewDomainOptions] => [
      `the name ${JSON.stringify(name)}`,
      { ...base, name, diskPath: `/var/lib/libvirt/images/${name.replace(/\//g, '_')}--x-.qcow2`, network: name },
    ]),
  ];

  for (const [label, options] of cases)
    it(`is valid for ${label}`, async () => {
      const xml = newDomainXml(options);
      const r = await validator.validate(xml);
      assert.equal(r.status, 'valid', JSON.stringify(r));
      assert.equal(definitionName(xml), options.name);
      assert.equal(definitionKindOf(xml), 'domain');
    });

  it('says the disk must exist unless it was created', () => {
    assert.match(newDomainXml(base), /must exist/);
    assert.doesNotMatch(newDomainXml({ ...base, diskCreated: true }), /must exist/);
  });

  it('boots the ISO first only when there is one', () => {
    assert.match(newDomainXml(base), /<boot dev='cdrom'\/>\s*<boot dev='hd'\/>/);
    assert.doesNotMatch(newDomainXml({ ...base, isoPath: undefined }), /cdrom/);
  });
});
