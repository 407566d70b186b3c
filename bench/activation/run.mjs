// Activation benchmark (node bench/activation/run.mjs): VirtKit's activation in the real
// extension host beside an empty extension's, in the same window, and the extension host's
// heap through a short session. Each round is a fresh VS Code server (the offline one of
// test/harness/server.mjs) and a fresh headless Chromium; the window loads both extensions
// as development extensions and runs probe.js, which alternates which one activates first.
// Also reports what activation loads: the production bundle's size and modules.
//   BENCH_ROUNDS=7        rounds (fresh server + browser each)
//   BENCH_SETTLE_MS=3000  wait after the window starts, before the first activation
//   BENCH_LOAD_SAMPLES=15 fresh processes per file for the load-cost table (loadCost.mjs)
//   BENCH_VERBOSE=1       echo the extension host's console
//   BENCH_JSON=<file>     also write every round's raw figures there
import { cpus, loadavg, release, tmpdir, totalmem, type as osType } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium, startServer, workbenchUrl } from '../../test/harness/server.mjs';
import { buildProduction, bundleSummary, kb, pct, quantiles, root } from './bundle.mjs';
import { measureLoadCost } from './loadCost.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 3000);
const LOAD_SAMPLES = Number(process.env.BENCH_LOAD_SAMPLES ?? 15);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const ROUND_TIMEOUT_MS = 4 * 60_000;
const MARKER = 'VIRTKIT_BENCH_ACTIVATION ';
// VS Code's built-in markdown extensions activate on the markdown file the hover is asked in,
// in the same extension host: left enabled, their heap and their hover providers would be
// counted as VirtKit's. BENCH_KEEP_BUILTINS=1 keeps them.
const DISABLED =
  process.env.BENCH_KEEP_BUILTINS === '1'
    ? []
    : ['vscode.markdown-language-features', 'vscode.markdown-math', 'vscode.mermaid-markdown-features'];
// The server reads VSCODE_SKIP_BUILTIN_EXTENSIONS when it scans its built-in extensions (the
// workbench ignores --disable-extension for built-ins); startServer() passes our env on.
if (DISABLED.length) process.env.VSCODE_SKIP_BUILTIN_EXTENSIONS = DISABLED.join(',');
const emptyExtension = join(root, 'bench/activation/empty-extension');
const probe = join(root, 'bench/activation/probe.js');

const NOTES = `# 学习笔记 / Study notes

传统数据中心引入虚拟化技术之后，一台物理服务器可以运行多台虚拟机。

KVM turns the Linux kernel into a hypervisor; QEMU emulates the devices.
`;

async function round(index) {
  // The opened folder holds only the round's settings and the markdown file; the extensions
  // sit beside it, outside the workspace, so that no built-in extension scans the repository.
  const scratch = mkdtempSync(join(tmpdir(), 'virtkit-bench-round-'));
  const folder = join(scratch, 'workspace');
  const extensionsFolder = join(scratch, 'dev-extensions');
  mkdirSync(folder);
  mkdirSync(extensionsFolder);
  const order = index % 2 === 0 ? ['ours', 'empty'] : ['empty', 'ours'];
  writeFileSync(join(folder, 'bench-round.json'), JSON.stringify({ order, settleMs: SETTLE_MS }));
  writeFileSync(join(folder, 'notes.md'), NOTES);
  symlinkSync(root, join(extensionsFolder, 'virtkit'), 'dir');
  symlinkSync(emptyExtension, join(extensionsFolder, 'empty-extension'), 'dir');
  const server = await startServer();
  const browser = await launchChromium();
  let result;
  const hostErrors = [];
  try {
    const page = await browser.newPage();
    const exited = new Promise((r) => void page.exposeFunction('codeAutomationExit', (code) => r(Number(code))));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      const at = text.indexOf(MARKER);
      if (at >= 0) result = JSON.parse(text.slice(at + MARKER.length));
      else {
        if (type === 'error') hostErrors.push(text.slice(0, 1000));
        if (VERBOSE) console.error(`  [host ${type}] ${text.slice(0, 300)}`);
      }
    });
    // One development path holding both extensions: the workbench keeps its payload in a Map,
    // so a second extensionDevelopmentPath entry replaces the first; a folder without a
    // package.json is scanned as a folder of extensions instead.
    const url = workbenchUrl(server, { folder, extensionPath: extensionsFolder, testsPath: probe });
    await page.goto(url);
    let timer;
    const timeout = new Promise((r) => (timer = setTimeout(() => r('timeout'), ROUND_TIMEOUT_MS)));
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (code !== 0 || !result) {
      throw new Error(
        `round ${index + 1}: exit ${code}, ${result ? 'with' : 'no'} result\n` +
          `extension host errors:\n${hostErrors.slice(-5).join('\n')}\nserver:\n${server.output.join('').slice(-2000)}`,
      );
    }
    result.chromium = browser.version();
    return result;
  } finally {
    await browser.close();
    server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const ms = (v) => v.toFixed(2);
const mib = (b) => (b / 1048576).toFixed(2);
const signedMib = (b) => `${b >= 0 ? '+' : ''}${mib(b)}`;

function machine(host, chromium) {
  const c = cpus();
  return (
    `${c.length} × ${c[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}; ` +
    `runner Node ${process.version}; extension host Node ${host.node} in VS Code server ${host.vscode} ` +
    `(code-server package, remote '${host.remoteName}', ${host.uiKind} UI); headless Chromium ${chromium}`
  );
}

async function main() {
  console.log('[bench] production build (node scripts/build.mjs --production, metafile captured)');
  const bundle = bundleSummary(buildProduction());

  const rounds = [];
  const skipped = [];
  const load = [loadavg()];
  for (let attempt = 0; rounds.length < ROUNDS; attempt++) {
    if (attempt >= 3 * ROUNDS) throw new Error(`only ${rounds.length} usable windows in ${attempt} attempts`);
    const t0 = Date.now();
    const r = await round(rounds.length);
    const took = `[${((Date.now() - t0) / 1000).toFixed(0)} s]`;
    if (r.skipped) {
      skipped.push(r.skipped);
      console.log(`[bench] window skipped: ${r.skipped}  ${took}`);
      continue;
    }
    rounds.push(r);
    console.log(
      `[bench] round ${rounds.length}/${ROUNDS} (${r.order.join(' first, ')} second): ours ${ms(r.activation.ours)} ms ` +
        `(load ${ms(r.loadMs.ours)}), empty ${ms(r.activation.empty)} ms (load ${ms(r.loadMs.empty)}), ` +
        `first hover ${ms(r.hovers.first.ms)} ms  ${took}`,
    );
  }
  load.push(loadavg());
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify({ bundle, rounds }, null, 2));

  const first = rounds[0];
  console.log(`\nMachine: ${machine(first.host, first.chromium)}`);
  console.log(
    `Rounds: ${ROUNDS} windows measured, ${skipped.length} skipped (both extensions already activated by the ` +
      `workbench's own onLanguage:plaintext at startup); settle before measuring: ${SETTLE_MS} ms; GC: ${first.gc}`,
  );
  console.log(
    `Load average (1 min) at start and end: ${load.map((l) => l[0].toFixed(2)).join(', ')}; built-ins skipped: ${DISABLED.join(', ') || 'none'}`,
  );
  console.log(`Active before the measurement: ${first.activeBefore.join(', ') || 'none'}`);
  console.log(
    `Active after both activations and the session: ${[...new Set(rounds.flatMap((r) => r.activeAtEnd))].join(', ')}`,
  );

  // Activation
  const table = (rows, header) => {
    console.log(`| ${header.join(' | ')} |`);
    console.log(`| ${header.map(() => '---').join(' | ')} |`);
    for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  };
  const q = (pick) => quantiles(rounds.map(pick));
  const cells = (x) => [ms(x.median), ms(x.min), ms(x.max)];
  const act = { ours: q((r) => r.activation.ours), empty: q((r) => r.activation.empty) };
  const loadQ = { ours: q((r) => r.loadMs.ours), empty: q((r) => r.loadMs.empty) };
  const at = (key, pos) => quantiles(rounds.filter((r) => r.order[pos] === key).map((r) => r.activation[key]));
  console.log('\n### Activation in the extension host (ms, performance.now() around activate())\n');
  table(
    [
      ['VirtKit (production dist/extension.js)', 'ours'],
      ['empty extension (baseline)', 'empty'],
    ].map(([name, key]) => [
      name,
      rounds.length,
      ...cells(act[key]),
      `${ms(at(key, 0).median)} / ${ms(at(key, 1).median)}`,
      `${(act[key].median / act.empty.median).toFixed(1)}×`,
      ...cells(loadQ[key]),
      `${(loadQ[key].median / loadQ.empty.median).toFixed(0)}×`,
    ]),
    [
      'extension',
      'windows',
      'activate() median',
      'min',
      'max',
      'median when first / second',
      'median / empty',
      'of which loading the main file, median',
      'min',
      'max',
      'median / empty',
    ],
  );
  const dAct = q((r) => r.activation.ours - r.activation.empty);
  const dLoad = q((r) => r.loadMs.ours - r.loadMs.empty);
  console.log(
    `\nPaired difference VirtKit − empty in the same window: activate() median ${ms(dAct.median)} ms ` +
      `(min ${ms(dAct.min)}, max ${ms(dAct.max)}); loading the main file median ${ms(dLoad.median)} ms ` +
      `(min ${ms(dLoad.min)}, max ${ms(dLoad.max)}).`,
  );

  // Memory
  const delta = (key, field) => quantiles(rounds.map((r) => r.heapDelta[key][field]));
  console.log('\n### Heap of the extension host (process.memoryUsage().heapUsed after GC, MiB)\n');
  console.log('| what | median MiB | min MiB | max MiB |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, q] of [
    ['retained by activating VirtKit', delta('ours', 'retained')],
    ['retained by activating the empty extension', delta('empty', 'retained')],
    ['allocated during VirtKit activation (no GC)', delta('ours', 'allocatedNoGc')],
    ['allocated during empty activation (no GC)', delta('empty', 'allocatedNoGc')],
  ]) {
    console.log(`| ${name} | ${signedMib(q.median)} | ${signedMib(q.min)} | ${signedMib(q.max)} |`);
  }
  console.log('\nSession steps (both extensions loaded; differences are against the step before):\n');
  console.log('| step | median heapUsed MiB | median change MiB | min change | max change |');
  console.log('| --- | --- | --- | --- | --- |');
  const steps = first.heapSteps.map((s) => s.step);
  for (let i = 0; i < steps.length; i++) {
    // Activation steps are per extension whatever the order; normalize by name.
    const stepName = steps[i];
    const at = (r) => r.heapSteps.find((s) => s.step === stepName);
    const prev = (r) => {
      const j = r.heapSteps.findIndex((s) => s.step === stepName);
      return j > 0 ? r.heapSteps[j - 1].heapUsed : undefined;
    };
    const abs = quantiles(rounds.map((r) => at(r).heapUsed));
    if (stepName.startsWith('after activating')) continue; // reported above, order-dependent
    const changes = i === 0 ? undefined : quantiles(rounds.map((r) => at(r).heapUsed - prev(r)));
    console.log(
      `| ${stepName} | ${mib(abs.median)} | ${changes ? signedMib(changes.median) : ''} | ${changes ? signedMib(changes.min) : ''} | ${changes ? signedMib(changes.max) : ''} |`,
    );
  }
  const whole = quantiles(rounds.map((r) => r.heapSteps.at(-1).heapUsed - r.heapSteps[0].heapUsed));
  console.log(
    `| whole session: end − before any activation | | ${signedMib(whole.median)} | ${signedMib(whole.min)} | ${signedMib(whole.max)} |`,
  );

  console.log('\n### Timings after activation (ms)\n');
  console.log('| what | median ms | min ms | max ms |');
  console.log('| --- | --- | --- | --- |');
  for (const [name, values] of [
    ['first hover (KVM): executeHoverProvider round trip', rounds.map((r) => r.hovers.first.ms)],
    ['second hover (虚拟化)', rounds.map((r) => r.hovers.second.ms)],
    ['third hover (KVM again)', rounds.map((r) => r.hovers.third.ms)],
    ["virtkit.openArticle 'kvm' (command resolves)", rounds.map((r) => r.commandMs.openArticle)],
    ['virtkit.checkHost (command resolves)', rounds.map((r) => r.commandMs.checkHost)],
  ]) {
    const q = quantiles(values);
    console.log(`| ${name} | ${ms(q.median)} | ${ms(q.min)} | ${ms(q.max)} |`);
  }
  const unanswered = rounds.filter((r) => !r.hovers.first.answered || !r.hovers.second.answered).length;
  console.log(
    `\nHovers answered by VirtKit: ${unanswered === 0 ? 'every round' : `missing in ${unanswered} round(s)`}.`,
  );

  // What activation loads
  console.log('\n### What activation loads: the production bundle\n');
  console.log(
    `${bundle.path}: ${bundle.bytes} bytes (${kb(bundle.bytes)}), ${bundle.modules} modules (${bundle.modulesWithCode} with code in the output).\n`,
  );
  console.log('| part | modules | bytes in bundle | share |');
  console.log('| --- | --- | --- | --- |');
  for (const g of bundle.groups) {
    console.log(`| ${g.group} | ${g.modules} | ${g.bytes} | ${pct(g.bytes, bundle.bytes)} |`);
  }
  const rest = bundle.bytes - bundle.groups.reduce((s, g) => s + g.bytes, 0);
  console.log(`| esbuild's wrapper and helpers | | ${rest} | ${pct(rest, bundle.bytes)} |`);

  const cost = measureLoadCost({ samples: LOAD_SAMPLES });
  console.log(
    `\n### Loading the main file outside VS Code (require() in a fresh Node ${cost.node} process per sample, ` +
      `vscode stubbed, ${cost.samples} samples each, interleaved)\n`,
  );
  console.log(
    cost.literalBytes === undefined
      ? 'The bundle carries no knowledge-base literal: it reads dist/content.json on first use.\n'
      : `The what-if removes the ${cost.literalBytes}-byte content literal (metafile: ${bundle.inputs.find((i) => i.path.startsWith('virtkit-content:'))?.bytes} bytes for the content module).\n`,
  );
  const base = cost.rows[0];
  table(
    cost.rows.map((r) => [
      r.name,
      ...cells(r.ms),
      `${(r.ms.median / base.ms.median).toFixed(0)}×`,
      signedMib(r.retained.median),
      `${signedMib(r.retained.min)} … ${signedMib(r.retained.max)}`,
    ]),
    ['file', 'require() median ms', 'min', 'max', 'median / empty', 'heap retained MiB (median)', 'min … max'],
  );
}

await main();
