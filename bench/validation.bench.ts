// libvirt XML validation benchmark (npm run bench:validation). Not a test: timings on a shared
// machine are noisy, so it reports distributions beside a baseline measured in the same run.
//
// Ours: the in-process validator (libxml2 in WebAssembly, libvirt's schemas from
// data/libvirt-schemas), warm (schema compiled) and first use in a fresh process (reading
// and instantiating libxml2.wasm, reading and compiling domain.rng and its includes).
// Baseline: what the extension runs today, virt-xml-validate on a temporary file
// (validateLibvirtXmlText), which starts xmllint and compiles the schema every time.
// The document: the virt-manager q35 fixture with device snippets added up to ~300 lines.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedLibxml2Engine } from '../src/core/validation/libxml2Engine';
import { createLibvirtValidator, type LibvirtValidator } from '../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../src/core/validation/nodeSchemaLoader';
import { validateLibvirtXmlText } from '../src/core/validation/virtXmlValidate';
import { expandSnippet } from '../src/core/snippets/expandSnippet';
import { quantiles, time } from './support/timing';

const root = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 300);
const FRESH = Number(process.env.BENCH_FRESH ?? 10);
const TOOL_RUNS = Number(process.env.BENCH_TOOL_RUNS ?? 30);

const loader = nodeSchemaLoader({
  schemaDir: join(root, 'data/libvirt-schemas'),
  wasmFile: join(root, 'dist/libxml2.wasm'),
  label: 'libvirt 9.0.0 (bundled)',
});

/**
 * The fixture domain with the `domain-devices` snippets inside its <devices>, then more copies
 * of those libvirt accepts more than one of (checked by validating), up to about 300 lines.
 */
async function document(validator: LibvirtValidator): Promise<string> {
  const snippets = JSON.parse(readFileSync(join(root, 'snippets/libvirt-xml.json'), 'utf8')) as Record<
    string,
    { body: string | string[] }
  >;
  const table = JSON.parse(readFileSync(join(root, 'test/fixtures/snippets/xml-snippets.json'), 'utf8')) as {
    snippets: Record<string, { wrapper: string | null }>;
  };
  const devices = Object.keys(table.snippets)
    .filter((name) => table.snippets[name].wrapper === 'domain-devices')
    .map((name) => expandSnippet(snippets[name].body));
  const base = readFileSync(join(root, 'test/fixtures/reference/libvirt/q35-virt-manager-basic.xml'), 'utf8');
  const add = (text: string, device: string) => text.replace('</devices>', `${device}\n  </devices>`);
  let text = add(base, devices.join('\n'));
  for (let round = 0; round < 10 && text.split('\n').length < 300; round++) {
    for (const device of devices) {
      const more = add(text, device);
      if ((await validator.validate(more)).status === 'valid') text = more;
      if (text.split('\n').length >= 300) break;
    }
  }
  return text;
}

function stats(ms: number[]) {
  const q = quantiles(ms);
  return { p50: q(0.5), p99: q(0.99), min: q(0), max: q(1) };
}

/** In a fresh process: the first validation, split into loading libxml2 and the rest. */
async function first(file: string): Promise<void> {
  const text = readFileSync(file, 'utf8');
  const t0 = process.hrtime.bigint();
  await sharedLibxml2Engine(() => loader.wasm());
  const t1 = process.hrtime.bigint();
  const result = await createLibvirtValidator(loader).validate(text);
  const t2 = process.hrtime.bigint();
  console.log(
    JSON.stringify({
      status: result.status,
      libxml2: Number(t1 - t0) / 1e6,
      schemaAndValidation: Number(t2 - t1) / 1e6,
      total: Number(t2 - t0) / 1e6,
    }),
  );
}

async function main() {
  const validator = createLibvirtValidator(loader);
  const text = await document(validator);
  const invalidText = text.replace("<watchdog model='i6300esb'", "<watchdog model='no-such-model'");
  const dir = mkdtempSync(join(tmpdir(), 'virtkit-bench-'));
  const file = join(dir, 'domain.xml');
  writeFileSync(file, text);
  const verdicts = [await validator.validate(text), await validator.validate(invalidText)].map((r) => r.status);
  const tool = [await validateLibvirtXmlText(text), await validateLibvirtXmlText(invalidText)].map((r) => r.status);
  console.log(
    `document: ${text.split('\n').length} lines, ${Buffer.byteLength(text)} bytes; in-process ${verdicts.join('/')}, ` +
      `virt-xml-validate ${tool.join('/')} (valid document / one bad watchdog model)\n`,
  );

  const fresh = Array.from({ length: FRESH }, () => {
    const out = execFileSync(process.execPath, [__filename, '--first', file], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(out) as { libxml2: number; schemaAndValidation: number; total: number };
  });
  const rows: [string, number[]][] = [
    ['in-process, warm: valid document', await time(() => validator.validate(text), RUNS)],
    [
      'in-process, warm: invalid document (with problem ranges)',
      await time(() => validator.validate(invalidText), RUNS),
    ],
    ['in-process, first use in a fresh process: total', fresh.map((f) => f.total)],
    ['  of which reading + instantiating libxml2.wasm', fresh.map((f) => f.libxml2)],
    ['  of which reading + compiling domain.rng, then validating', fresh.map((f) => f.schemaAndValidation)],
    ['virt-xml-validate (temporary file + process): valid', await time(() => validateLibvirtXmlText(text), TOOL_RUNS)],
    [
      'virt-xml-validate (temporary file + process): invalid',
      await time(() => validateLibvirtXmlText(invalidText), TOOL_RUNS),
    ],
  ];
  rmSync(dir, { recursive: true, force: true });
  const base = stats(rows[0][1]).p50;
  console.log('| what | runs | p50 ms | p99 ms | min ms | max ms | p50 / warm in-process |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [name, ms] of rows) {
    const s = stats(ms);
    console.log(
      `| ${name} | ${ms.length} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.min.toFixed(2)} | ${s.max.toFixed(2)} | ${(s.p50 / base).toFixed(1)}× |`,
    );
  }
}

void (process.argv[2] === '--first' ? first(process.argv[3]) : main());
