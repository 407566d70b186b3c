// libvirt XML completion benchmark (npm run bench:libvirtCompletion). Not a test: timings on a
// shared machine are noisy, so it reports distributions beside a baseline measured in the same
// run: the in-process validator (warm) on the same document.
//
// The document: the virt-manager q35 fixture with disks added up to 2,000 lines. Twenty
// positions spread over it, of the four kinds the provider answers: after `<` (an element's
// name), between attributes, inside an attribute value, and an element's text. Each completion
// is what the provider computes (the cursor's context from the text, the schema model's
// answer, the snippet items), with the model warm; the first completion in a fresh process
// (reading the schema files and building the model) is measured apart.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schemaCompletions } from '../src/core/libvirtXml/schemaCompletion';
import { LibvirtSchemaModel, readSchemaTexts } from '../src/core/libvirtXml/schemaModel';
import { createLibvirtValidator } from '../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../src/core/validation/nodeSchemaLoader';
import { quantiles, time } from './support/timing';

const root = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const FRESH = Number(process.env.BENCH_FRESH ?? 10);
const LINES = 2000;

const loader = nodeSchemaLoader({
  schemaDir: join(root, 'data/libvirt-schemas'),
  wasmFile: join(root, 'dist/libxml2.wasm'),
  label: 'libvirt 9.0.0 (bundled)',
});

function documentText(): string {
  const base = readFileSync(join(root, 'test/fixtures/reference/libvirt/q35-virt-manager-basic.xml'), 'utf8');
  const disks: string[] = [];
  let text = base;
  for (let i = 0; text.split('\n').length + disks.length * 5 < LINES; i++) {
    disks.push(
      `    <disk type='file' device='disk'>\n      <driver name='qemu' type='qcow2'/>\n` +
        `      <source file='/var/lib/libvirt/images/d${i}.qcow2'/>\n      <target dev='vd${i}' bus='virtio'/>\n` +
        `    </disk>`,
    );
    if (disks.length > 1000) break;
  }
  text = base.replace('</devices>', `${disks.join('\n')}\n  </devices>`);
  return text;
}

/** Twenty offsets of four kinds, spread from the top of the document to its end. */
function positions(text: string): { kind: string; offset: number }[] {
  const find = (needle: string, plus: number) => {
    const all: number[] = [];
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) all.push(at + plus);
    return all;
  };
  const kinds: [string, number[]][] = [
    ['element name after <', find('<target ', 1)],
    ['attribute (between attributes)', find(" device='disk'", 1)],
    ['attribute value', find("bus='", 5)],
    ['element name after < (top level)', find('<on_', 1)],
  ];
  const out: { kind: string; offset: number }[] = [];
  for (let k = 0; k < 20; k++) {
    const [kind, offsets] = kinds[k % kinds.length];
    const i = Math.floor(((k / 20) * offsets.length) % Math.max(offsets.length, 1));
    if (offsets.length > 0) out.push({ kind, offset: offsets[Math.min(i, offsets.length - 1)] });
  }
  return out;
}

async function model(): Promise<LibvirtSchemaModel> {
  return new LibvirtSchemaModel('domain.rng', await readSchemaTexts('domain.rng', (n) => loader.read(n)));
}

function stats(ms: number[]) {
  const q = quantiles(ms);
  return { p50: q(0.5), p99: q(0.99), min: q(0), max: q(1) };
}

/** In a fresh process: reading the schemas, building the model, the first completion. */
async function first(): Promise<void> {
  const text = documentText();
  const [p] = positions(text);
  const t0 = process.hrtime.bigint();
  const m = await model();
  const t1 = process.hrtime.bigint();
  const items = schemaCompletions(m, text, p.offset);
  const t2 = process.hrtime.bigint();
  console.log(JSON.stringify({ model: Number(t1 - t0) / 1e6, completion: Number(t2 - t1) / 1e6, items: items.length }));
}

async function main() {
  const text = documentText();
  const at = positions(text);
  const m = await model();
  const validator = createLibvirtValidator(loader);
  const verdict = (await validator.validate(text)).status;
  const counts = at.map((p) => schemaCompletions(m, text, p.offset).length);
  console.log(
    `document: ${text.split('\n').length} lines, ${Buffer.byteLength(text)} bytes (${verdict}); ` +
      `${at.length} positions, items per position ${Math.min(...counts)}–${Math.max(...counts)}\n`,
  );
  const all: number[] = [];
  const byKind = new Map<string, number[]>();
  for (const p of at) {
    const ms = await time(async () => schemaCompletions(m, text, p.offset), RUNS);
    all.push(...ms);
    byKind.set(p.kind, [...(byKind.get(p.kind) ?? []), ...ms]);
  }
  const fresh = Array.from({ length: FRESH }, () => {
    const out = execFileSync(process.execPath, [__filename, '--first'], { encoding: 'utf8', timeout: 60_000 });
    return JSON.parse(out) as { model: number; completion: number };
  });
  const rows: [string, number[]][] = [
    [`completion, warm, all ${at.length} positions`, all],
    ...[...byKind].map(([k, ms]) => [`  ${k}`, ms] as [string, number[]]),
    ['first completion in a fresh process: reading the schemas + building the model', fresh.map((f) => f.model)],
    ['  then the first completion', fresh.map((f) => f.completion)],
    ['baseline: in-process validation of the same document, warm', await time(() => validator.validate(text), RUNS)],
  ];
  console.log('| what | runs | p50 ms | p99 ms | min ms | max ms |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [name, ms] of rows) {
    const s = stats(ms);
    console.log(
      `| ${name} | ${ms.length} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${s.min.toFixed(2)} | ${s.max.toFixed(2)} |`,
    );
  }
}

void (process.argv[2] === '--first' ? first() : main());
