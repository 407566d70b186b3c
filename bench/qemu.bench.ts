// QEMU completion benchmark (npm run bench:qemu). Not a test: timings on a shared machine are
// noisy, so it reports distributions beside a baseline measured in the same run.
//
// The line: one qemu-system-x86_64 command with 200 options (disks, NICs with their netdevs,
// serial ports with their chardevs, USB devices, -global / -smbios / -fw_cfg), continued with `\`
// as people write them. Ours: qemuCompletions (src/core/qemu/languageService.ts) at 20 positions
// spread over the line: option names after `-`, device types after `-device `, a device's
// properties after `virtio-blk-pci,`, ids after `netdev=`. Baseline: the QEMU hover lookup
// (qemuTokenAt, src/core/reference/qemuContext.ts) at the same positions, which splits the same
// command but looks nothing up; and the whole line's checks (qemuDiagnostics) once per run.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseQemuData, type QemuData } from '../src/core/qemu/data';
import { qemuCompletions, qemuDiagnostics, type QemuDataSource } from '../src/core/qemu/languageService';
import { qemuTokenAt } from '../src/core/reference/qemuContext';
import { quantiles, time } from './support/timing';

const root = resolve(__dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

const x86: QemuData = parseQemuData(readFileSync(join(root, 'data/qemu/x86_64.json'), 'utf8'));
const source: QemuDataSource = {
  data: (arch) => (arch === 'x86_64' ? x86 : undefined),
  removals: JSON.parse(readFileSync(join(root, 'data/qemu/removed-options.json'), 'utf8')),
};

/** 200 options: 8 fixed, then groups of disk, NIC, serial and small extras. */
function line(): string {
  const opts = [
    '-name bench',
    '-machine q35,accel=tcg',
    '-cpu qemu64',
    '-smp 4,sockets=1,cores=2,threads=2',
    '-m 4G',
    '-nodefaults',
    '-display none',
    '-boot order=c',
  ];
  for (let i = 0; opts.length < 200; i++) {
    opts.push(
      `-drive file=disk${i}.qcow2,format=qcow2,if=none,id=d${i}`,
      `-device virtio-blk-pci,drive=d${i},bootindex=${i + 1}`,
      `-netdev user,id=n${i}`,
      `-device virtio-net-pci,netdev=n${i},mac=52:54:00:00:00:${(i % 256).toString(16).padStart(2, '0')}`,
      `-chardev socket,id=c${i},path=/tmp/c${i}.sock,server=on,wait=off`,
      `-device usb-tablet`,
      `-global ICH9-LPC.disable_s3=1`,
      `-fw_cfg name=opt/bench/${i},string=x`,
    );
  }
  return `qemu-system-x86_64 \\\n  ${opts.slice(0, 200).join(' \\\n  ')}\n`;
}

/** 20 positions: 5 of each kind of completion, spread over the line. */
function positions(text: string): { kind: string; offset: number }[] {
  const every = (re: RegExp, shift: (m: RegExpExecArray) => number) => {
    const all = [...text.matchAll(new RegExp(re, 'g'))].map((m) => m.index! + shift(m as RegExpExecArray));
    return [0, 0.25, 0.5, 0.75, 0.99].map((q) => all[Math.floor(q * (all.length - 1))]!);
  };
  return [
    ...every(/ -device /, () => 2).map((offset) => ({ kind: 'option', offset })),
    ...every(/-device virtio-net-pci/, () => 8).map((offset) => ({ kind: 'device', offset })),
    ...every(/virtio-blk-pci,/, (m) => m[0].length).map((offset) => ({ kind: 'property', offset })),
    ...every(/netdev=/, (m) => m[0].length).map((offset) => ({ kind: 'id', offset })),
  ];
}

function stats(ms: number[]) {
  const q = quantiles(ms);
  return { p50: q(0.5).toFixed(2), p99: q(0.99).toFixed(2), max: Math.max(...ms).toFixed(2) };
}

async function main() {
  const text = line();
  const at = positions(text);
  console.log(
    `QEMU command line: ${text.split('\n').length} lines, ${text.length} characters, 200 options; ${at.length} positions, ${RUNS} runs each\n`,
  );
  for (const p of at) {
    const r = qemuCompletions(text, p.offset, source);
    if (!r || r.items.length === 0) throw new Error(`no completion at ${p.kind} ${p.offset}`);
  }
  // Warm-up, then completion and the hover lookup interleaved per position.
  for (const p of at) qemuCompletions(text, p.offset, source);
  const completion: number[] = [];
  const hover: number[] = [];
  for (const p of at) {
    completion.push(...(await time(async () => qemuCompletions(text, p.offset, source), RUNS)));
    hover.push(...(await time(async () => qemuTokenAt(text, p.offset), RUNS)));
  }
  const checks = await time(async () => qemuDiagnostics(text, source), Math.max(20, RUNS / 10));
  const byKind: Record<string, number[]> = {};
  for (const [i, p] of at.entries()) (byKind[p.kind] ??= []).push(...completion.slice(i * RUNS, (i + 1) * RUNS));
  console.log('| what | p50 ms | p99 ms | max ms |');
  console.log('| --- | ---: | ---: | ---: |');
  const row = (name: string, ms: number[]) => {
    const s = stats(ms);
    console.log(`| ${name} | ${s.p50} | ${s.p99} | ${s.max} |`);
  };
  row('completion, all 20 positions (ours)', completion);
  for (const [kind, ms] of Object.entries(byKind)) row(`  completion: ${kind}`, ms);
  row('hover lookup at the same positions (baseline)', hover);
  row('checks of the whole line (baseline)', checks);
}

void main();
