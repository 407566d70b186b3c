// "since libvirt X" against the libvirt that will read a document (src/core/libvirtXml/
// sinceChecks.ts), with the bundled reference content: what content/libvirt.yaml dates is found
// in a document, placed on the name or value, and only when that libvirt is older.
import * as assert from 'node:assert/strict';
import { loadContent } from 'virtkit:content';
import { compareVersions, newerThan } from '../../src/core/libvirtXml/sinceChecks';
import { LibvirtReference } from '../../src/core/reference/libvirtLookup';

const reference = new LibvirtReference(loadContent().libvirt);
const DOC = `<domain type='kvm'>
  <name>since</name>
  <memory unit='MiB'>256</memory>
  <os firmware='efi'><type>hvm</type></os>
  <features><hyperv mode='passthrough'/></features>
  <devices><watchdog model='itco' action='reset'/></devices>
</domain>
`;
const found = (version: string) =>
  newerThan(DOC, reference, version).map((f) => [f.kind, f.name, f.since, DOC.slice(f.start, f.end)]);

describe('since libvirt X, against the libvirt that reads the document', () => {
  it('compares versions by number, not by text', () => {
    assert.ok(compareVersions('9.10.0', '9.2.0') > 0);
    assert.ok(compareVersions('9.2', '9.2.0') === 0);
    assert.ok(compareVersions('8.0.0', '10.0.0') < 0);
  });

  it('an old libvirt: each newer attribute and value, on its own characters', () => {
    // The dates are the content's own: read them from it, so a corrected date moves the test.
    const since = (id: string) => loadContent().libvirt.find((e) => e.id === id)?.since;
    const itco = loadContent()
      .libvirt.find((e) => e.id === 'domain.devices.watchdog@model')
      ?.values?.find((v) => v.value === 'itco')?.since;
    assert.ok(since('domain.os@firmware') && since('domain.features.hyperv@mode') && itco);
    assert.deepEqual(found('4.0.0'), [
      ['attribute', 'firmware', since('domain.os@firmware'), 'firmware'],
      ['attribute', 'mode', since('domain.features.hyperv@mode'), 'mode'],
      ['value', 'itco', itco, 'itco'],
    ]);
  });

  it('libvirt 9.0 (Debian 12): only the iTCO watchdog is too new; 9.2 and 9.10 know it all', () => {
    assert.deepEqual(found('9.0.0'), [['value', 'itco', '9.2.0', 'itco']]);
    assert.deepEqual(found('9.2.0'), []);
    assert.deepEqual(found('9.10.0'), []);
  });

  it('says nothing of other documents or an unreadable version', () => {
    assert.deepEqual(newerThan('<html><body/></html>', reference, '1.0.0'), []);
    assert.deepEqual(newerThan(DOC, reference, 'unknown'), []);
    assert.deepEqual(newerThan('', reference, '1.0.0'), []);
  });
});

describe('since checks on hostile documents', () => {
  it('a domain nested 100,000 deep: linear, not quadratic', () => {
    const depth = 100_000;
    const text =
      "<domain type='kvm'>" +
      '<devices>'.repeat(depth) +
      "<watchdog model='itco'/>" +
      '</devices>'.repeat(depth) +
      '</domain>';
    const t0 = Date.now();
    newerThan(text, reference, '1.0.0');
    const ms = Date.now() - t0;
    // Generous: quadratic work here takes minutes (it hung the extension host once).
    assert.ok(ms < 5000, `${ms} ms`);
  });
});
