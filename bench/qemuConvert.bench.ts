// QEMU → libvirt conversion benchmark (npm run bench:qemuConvert). Not a test: timings on a
// shared machine are noisy, so each figure stands beside baselines measured in the same run.
//
// Ours: converting every line of the corpus (test/fixtures/qemu-corpus) to domain XML.
// Baselines: only finding and splitting the command lines (parseCommand, the first step of the
// conversion), and the in-process validator (warm) checking the generated XML of the corpus.
import { join, resolve } from 'node:path';
import { convertQemu, type Conversion } from '../src/core/qemu/convert';
import { parseCommand } from '../src/core/qemu/convert/parse';
import { createLibvirtValidator } from '../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../src/core/validation/nodeSchemaLoader';
import { corpus, qemuDatas } from '../test/unit/support/qemuCorpus';
import { quantiles, time } from './support/timing';

const root = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function main(): Promise<void> {
  const lines = corpus().map((l) => l.line);
  const datas = qemuDatas();
  const validator = createLibvirtValidator(
    nodeSchemaLoader({
      schemaDir: join(root, 'data/libvirt-schemas'),
      wasmFile: join(root, 'dist/libxml2.wasm'),
      label: 'bundled',
    }),
  );
  const xmls = lines.map((l) => (convertQemu(l, datas) as Conversion).xml);
  await validator.validate(xmls[0]); // compile the schema once: the validator is measured warm
  const rows: [string, number[]][] = [
    [
      'parse only (find and split the command lines)',
      await time(async () => lines.forEach((l) => parseCommand(l, datas)), RUNS),
    ],
    ['convert (parse, map, write XML)', await time(async () => lines.forEach((l) => convertQemu(l, datas)), RUNS)],
    [
      'in-process validator on the generated XML (warm)',
      await time(
        async () => {
          for (const x of xmls) await validator.validate(x);
        },
        Math.min(RUNS, 50),
      ),
    ],
  ];
  const chars = lines.reduce((s, l) => s + l.length, 0);
  console.log(
    `corpus: ${lines.length} lines, ${chars} characters; ${xmls.reduce((s, x) => s + x.length, 0)} characters of XML`,
  );
  console.log('| what (whole corpus per run) | runs | p50 ms | p99 ms | p50 per line ms |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [what, ms] of rows) {
    const q = quantiles(ms);
    console.log(
      `| ${what} | ${ms.length} | ${q(0.5).toFixed(2)} | ${q(0.99).toFixed(2)} | ${(q(0.5) / lines.length).toFixed(3)} |`,
    );
  }
}

void main();
