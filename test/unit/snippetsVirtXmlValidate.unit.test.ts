// src/core/validation/virtXmlValidate.ts against the real virt-xml-validate (Debian packages
// libvirt-clients and libxml2-utils): valid and invalid documents with the right line and
// column numbers, a missing tool, a timeout and unknown document kinds.
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  detectLibvirtDocumentKind,
  parseVirtXmlValidateOutput,
  rootElementName,
  validateLibvirtXmlFile,
  validateLibvirtXmlText,
  DETECTION_WINDOW,
  type XmlProblem,
} from '../../src/core/validation/virtXmlValidate';
import { OTHER_VALID_DOCUMENTS, VALID_DOMAIN } from './support/domains';

// Line 3: a memory size that is not a number; line 9: an attribute value libvirt does not know.
const INVALID_DOMAIN = `<domain type='kvm'>
  <name>demo</name>
  <memory unit='MiB'>lots</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <target dev='vda' bus='virtio'/>
    </disk>
    <watchdog model='no-such-model'/>
  </devices>
</domain>
`;

describe('virtXmlValidate', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'virtkit-vxv-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const at = (problems: readonly XmlProblem[], line: number) => problems.filter((p) => p.line === line);

  describe('detectLibvirtDocumentKind', () => {
    const cases: [string, string | undefined][] = [
      ['<domain type="kvm"/>', 'domain'],
      ['<domainsnapshot><name>s</name></domainsnapshot>', 'domainsnapshot'],
      ['<domaincheckpoint/>', 'domaincheckpoint'],
      ['<domainbackup/>', 'domainbackup'],
      ['<domainCapabilities/>', 'domaincaps'],
      ['<network>', 'network'],
      ['<networkport/>', 'networkport'],
      ["<pool type='dir'>", 'storagepool'],
      ["<volume type='file'>", 'storagevol'],
      ['<storagepoolCapabilities/>', 'storagepoolcaps'],
      ['<capabilities/>', 'capability'],
      ['<device/>', 'nodedev'],
      ['<filter name="x"/>', 'nwfilter'],
      ['<filterbinding/>', 'nwfilterbinding'],
      ['<secret/>', 'secret'],
      ['<interface type="ethernet"/>', 'interface'],
      ['<cpu/>', 'cpu'],
      [
        '\ufeff<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<!DOCTYPE domain [<!ENTITY x "y">]>\n<?pi x?>\n  <domain>',
        'domain',
      ],
      ['<lv:domain xmlns:lv="http://libvirt.org/schemas/domain/1.0">', 'domain'],
      ['<domainx/>', undefined],
      ['<foo/>', undefined],
      ['', undefined],
      ['just text', undefined],
      ['<!-- unfinished comment', undefined],
      ['<devices><disk/></devices>', undefined],
    ];
    for (const [text, kind] of cases) {
      it(`${JSON.stringify(text.slice(0, 40))} → ${kind}`, () => assert.equal(detectLibvirtDocumentKind(text), kind));
    }

    it('looks only at the start of the text', () => {
      const late = `<!--${' '.repeat(DETECTION_WINDOW)}--><domain/>`;
      assert.equal(rootElementName(late), undefined);
      assert.equal(detectLibvirtDocumentKind(`<domain>${'x'.repeat(10 * DETECTION_WINDOW)}`), 'domain');
    });
  });

  describe('parseVirtXmlValidateOutput', () => {
    it('reads Relax-NG errors, summary lines and the verdict', () => {
      const out = [
        "f.xml:3: element memory: Relax-NG validity error : Type unsignedLong doesn't allow value 'lots'",
        'Relax-NG validity error : Extra element memory in interleave',
        'f.xml:1: element domain: Relax-NG validity error : Element domain failed to validate content',
        'f.xml fails to validate',
        '',
      ].join('\n');
      assert.deepEqual(parseVirtXmlValidateOutput(out, 'f.xml', '<domain>\n<name/>\n  <memory>lots</memory>\n'), [
        { line: 3, column: 3, message: "Type unsignedLong doesn't allow value 'lots'", element: 'memory' },
        { line: null, column: null, message: 'Extra element memory in interleave' },
        { line: 1, column: 1, message: 'Element domain failed to validate content', element: 'domain' },
      ]);
      assert.deepEqual(parseVirtXmlValidateOutput('f.xml validates\n', 'f.xml'), []);
    });

    it('reads parser errors with their caret, also for a path with colons', () => {
      const out = [
        '/t/a:b.xml:2: parser error : Opening and ending tag mismatch: memory line 2 and oops',
        '<memory>1</oops></domain>',
        '              ^',
        '',
      ].join('\n');
      assert.deepEqual(parseVirtXmlValidateOutput(out, '/t/a:b.xml'), [
        { line: 2, column: 15, message: 'Opening and ending tag mismatch: memory line 2 and oops' },
      ]);
    });
  });

  describe('validateLibvirtXmlFile (real virt-xml-validate)', () => {
    it('accepts a valid domain, detecting its kind', async () => {
      assert.deepEqual(await validateLibvirtXmlFile(file('valid.xml', VALID_DOMAIN)), {
        status: 'valid',
        schema: 'domain',
      });
    });

    it('reports the lines of an invalid domain', async () => {
      const result = await validateLibvirtXmlFile(file('invalid.xml', INVALID_DOMAIN));
      assert.equal(result.status, 'invalid', JSON.stringify(result));
      if (result.status !== 'invalid') return;
      const memory = at(result.problems, 3);
      assert.equal(memory.length, 1, JSON.stringify(result.problems));
      assert.deepEqual(memory[0], {
        line: 3,
        column: 3,
        message: "Type unsignedLong doesn't allow value 'lots'",
        element: 'memory',
      });
      assert.ok(
        at(result.problems, 1).some(
          (p) => p.element === 'domain' && /failed to validate content|Invalid sequence/.test(p.message),
        ),
      );
      assert.ok(
        result.problems.some((p) => p.line === null),
        'the summary lines without a line number are kept',
      );
      assert.ok(!result.problems.some((p) => /fails to validate/.test(p.message)), 'the verdict line is not a problem');
    });

    it('reports a device error at the line xmllint names', async () => {
      // Relax-NG reports an invalid device at its <devices> parent (line 7), not at line 11.
      const result = await validateLibvirtXmlFile(
        file('device.xml', INVALID_DOMAIN.replace("'lots'", "'512'").replace('lots', '512')),
      );
      assert.equal(result.status, 'invalid');
      if (result.status !== 'invalid') return;
      assert.deepEqual(
        result.problems.filter((p) => p.line !== null).map((p) => [p.line, p.column, p.element]),
        [[7, 3, 'devices']],
      );
    });

    it('reports a well-formedness error with line and column', async () => {
      const text = "<domain type='kvm'>\n  <name>demo</name>\n  <memory unit='MiB'>512</memry>\n</domain>\n";
      const result = await validateLibvirtXmlFile(file('malformed.xml', text));
      assert.equal(result.status, 'invalid');
      if (result.status !== 'invalid') return;
      const line = text.split('\n')[2];
      assert.deepEqual(result.problems[0], {
        line: 3,
        column: line.indexOf('</memry>') + '</memry>'.length + 1, // where the parser stopped: after the tag
        message: 'Opening and ending tag mismatch: memory line 3 and memry',
      });
    });

    it('counts columns in characters, not UTF-8 bytes', async () => {
      const text = "<domain type='kvm'>\n  <name>demo</name>\n  <description>中文说明</descriptio>\n</domain>\n";
      const result = await validateLibvirtXmlFile(file('utf8.xml', text));
      assert.equal(result.status, 'invalid');
      if (result.status !== 'invalid') return;
      const line = text.split('\n')[2];
      assert.equal(result.problems[0].line, 3);
      assert.equal(result.problems[0].column, line.indexOf('</descriptio>') + '</descriptio>'.length + 1);
    });

    it('finds the column on a long line that xmllint shows only in part', async () => {
      const line = `  <name>demo</name><description>${'x'.repeat(200)}</descriptio>`;
      const text = `<domain type='kvm'>\n${line}\n</domain>\n`;
      const result = await validateLibvirtXmlFile(file('long.xml', text));
      assert.equal(result.status, 'invalid');
      if (result.status !== 'invalid') return;
      assert.equal(result.problems[0].line, 2);
      assert.equal(result.problems[0].column, line.indexOf('</descriptio>') + '</descriptio>'.length + 1);
    });

    it('validates networks, pools, volumes and snapshots with their own schemas', async () => {
      for (const [text, schema] of OTHER_VALID_DOCUMENTS)
        assert.deepEqual(await validateLibvirtXmlFile(file(`${schema}.xml`, text)), { status: 'valid', schema });
      const bad = await validateLibvirtXmlFile(
        file('badnet.xml', "<network>\n  <name>n</name>\n  <forward mode='natt'/>\n</network>\n"),
      );
      assert.equal(bad.status, 'invalid');
      if (bad.status === 'invalid') assert.ok(at(bad.problems, 3).length > 0, JSON.stringify(bad.problems));
    });

    it('uses the schema it is given', async () => {
      // A valid domain checked as a network is invalid.
      const result = await validateLibvirtXmlFile(file('asnet.xml', VALID_DOMAIN), { schema: 'network' });
      assert.equal(result.status, 'invalid');
    });

    it('reports an unknown document kind without running the tool', async () => {
      const result = await validateLibvirtXmlFile(file('foo.xml', '<foo/>\n'), {
        executable: '/nonexistent/virt-xml-validate',
      });
      assert.equal(result.status, 'unknown-kind');
      assert.match((result as { message: string }).message, /<foo>/);
    });

    it('reports a missing tool', async () => {
      const result = await validateLibvirtXmlFile(file('v.xml', VALID_DOMAIN), {
        executable: '/nonexistent/virt-xml-validate',
      });
      assert.equal(result.status, 'tool-missing');
    });

    it('reports a missing xmllint behind the tool', async () => {
      const fake = file(
        'fake-validate',
        '#!/bin/sh\necho "/usr/bin/virt-xml-validate: 141: xmllint: not found" >&2\nexit 127\n',
      );
      chmodSync(fake, 0o755);
      const result = await validateLibvirtXmlFile(file('w.xml', VALID_DOMAIN), { executable: fake });
      assert.equal(result.status, 'tool-missing');
      assert.match((result as { message: string }).message, /libxml2-utils/);
    });

    it('refuses a relative executable path', async () => {
      const result = await validateLibvirtXmlFile(file('r.xml', VALID_DOMAIN), { executable: 'bin/virt-xml-validate' });
      assert.equal(result.status, 'error');
    });

    it('times out', async () => {
      const slow = file('slow-validate', '#!/bin/sh\nexec sleep 5\n');
      chmodSync(slow, 0o755);
      const started = Date.now();
      const result = await validateLibvirtXmlFile(file('t.xml', VALID_DOMAIN), { executable: slow, timeoutMs: 300 });
      assert.equal(result.status, 'timeout');
      assert.ok(Date.now() - started < 4000);
    });

    it('reports a file that does not exist', async () => {
      const result = await validateLibvirtXmlFile(join(dir, 'missing.xml'), { schema: 'domain' });
      assert.equal(result.status, 'error');
    });
  });

  describe('validateLibvirtXmlText', () => {
    it('validates text with the lines of the text', async () => {
      assert.deepEqual(await validateLibvirtXmlText(VALID_DOMAIN), { status: 'valid', schema: 'domain' });
      const result = await validateLibvirtXmlText(INVALID_DOMAIN);
      assert.equal(result.status, 'invalid');
      if (result.status === 'invalid') assert.equal(at(result.problems, 3)[0]?.element, 'memory');
      assert.equal((await validateLibvirtXmlText('<foo/>')).status, 'unknown-kind');
    });
  });
});
