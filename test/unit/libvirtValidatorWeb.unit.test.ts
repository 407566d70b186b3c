// The in-process libvirt validator in a web worker (headless Chromium, Debian package
// chromium), as in VS Code for the Web: bundled for the browser with the same esbuild plugin
// as dist/web/extension.js, no Node, the files fetched from the page's own origin under a
// Content-Security-Policy like the web extension host's (scripts from 'self' and
// 'unsafe-eval', which is what lets WebAssembly compile; connections to 'self' only). Its
// verdicts must be those of the Node build.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { createLibvirtValidator, type LibvirtValidationResult } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { repoRoot } from './support/libvirtSnippetDocuments';

const CHROMIUM = process.env.VIRTKIT_CHROMIUM || '/usr/bin/chromium';
const CSP = "default-src 'none'; script-src 'self' 'unsafe-eval'; connect-src 'self'";

const DOCS = [
  "<domain type='kvm'><name>a</name><memory>1</memory><os><type>hvm</type></os></domain>",
  "<domain type='kvm'>\n  <name>a</name>\n  <memory>lots</memory>\n  <os><type>hvm</type></os>\n</domain>",
  "<network><name>n</name><forward mode='nat'/></network>",
  "<network>\n  <name>n</name>\n  <forward mode='natt'/>\n</network>",
  "<domain type='kvm'>\n  <description>中文😀</descriptio>\n</domain>",
  '<!DOCTYPE domain SYSTEM "http://127.0.0.1:9/x.dtd"><domain/>',
  '<foo/>',
];

describe('libvirt validator in a web worker (Chromium)', function () {
  this.timeout(120_000);
  let server: Server;
  let browser: Browser | undefined;
  const served: string[] = [];
  let worker = '';

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install the Debian package chromium`);
    const { libxml2WasmPlugin } = (await import(pathToFileURL(join(repoRoot, 'scripts/libxml2Wasm.mjs')).href)) as {
      libxml2WasmPlugin: () => esbuild.Plugin;
    };
    const built = await esbuild.build({
      entryPoints: [join(repoRoot, 'test/unit/support/libvirtValidatorWorker.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      plugins: [libxml2WasmPlugin()],
      logLevel: 'warning',
    });
    worker = built.outputFiles[0].text;
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      served.push(url);
      const send = (type: string, body: string | Buffer) => {
        res.writeHead(200, { 'content-type': type, 'content-security-policy': CSP });
        res.end(body);
      };
      const schema = /^\/schemas\/([\w-]+\.rng)$/.exec(url);
      if (url === '/') send('text/html', '<!DOCTYPE html><title>validator</title>');
      else if (url === '/worker.js') send('text/javascript', worker);
      else if (url === '/libxml2.wasm') send('application/wasm', readFileSync(join(repoRoot, 'dist/libxml2.wasm')));
      else if (schema && existsSync(join(repoRoot, 'data/libvirt-schemas', schema[1])))
        send('application/xml', readFileSync(join(repoRoot, 'data/libvirt-schemas', schema[1])));
      else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('gives the verdicts of the Node build, without Node, fetching only its own files', async () => {
    const page = await browser!.newPage();
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await page.goto(`${base}/`);
    const answer = (await page.evaluate(
      (docs) =>
        new Promise((resolve, reject) => {
          const w = new Worker('/worker.js');
          w.onmessage = (e) => resolve(e.data);
          w.onerror = (e) => reject(new Error(e.message));
          w.postMessage(docs);
        }),
      DOCS,
    )) as { results: LibvirtValidationResult[]; ms: number; hasNode: boolean };
    assert.equal(answer.hasNode, false, 'the worker has no Node');

    const node = createLibvirtValidator(
      nodeSchemaLoader({
        schemaDir: join(repoRoot, 'data/libvirt-schemas'),
        wasmFile: join(repoRoot, 'dist/libxml2.wasm'),
        label: 'libvirt 9.0.0 (web worker)',
      }),
    );
    const expected = [];
    for (const text of DOCS) expected.push(await node.validate(text));
    assert.deepEqual(answer.results, expected);
    assert.deepEqual(
      answer.results.map((r) => r.status),
      ['valid', 'invalid', 'valid', 'invalid', 'invalid', 'refused-doctype', 'unknown-kind'],
    );
    const unexpected = served.filter((u) => !/^\/(|worker\.js|libxml2\.wasm|schemas\/[\w-]+\.rng)$/.test(u));
    assert.deepEqual(unexpected, []);
    assert.equal(served.filter((u) => u === '/libxml2.wasm').length, 1);
  });
});
