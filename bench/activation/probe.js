// The tests module of the activation benchmark (bench/activation/run.mjs). VS Code loads it
// in the real extension host, with VirtKit and the empty baseline extension loaded as
// development extensions and neither activated yet, and calls run(). It times each
// extension's activate() (in the order bench-round.json in the opened folder gives), then
// records the extension host's heap after a forced GC at each step of a short session: both
// activations, the first hover, the article panel, the host-check panel. The figures go to
// the console as one JSON line after MARKER, which the runner reads from the page's
// codeAutomationLog.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const vscode = require('vscode');

const MARKER = 'VIRTKIT_BENCH_ACTIVATION ';
const IDS = { ours: 'virtkit.virtkit', empty: 'virtkit-bench.empty-extension' };

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A full GC: global.gc when the host was started with --expose-gc, else the V8 flag route. */
function findGc() {
  if (typeof global.gc === 'function') return { gc: global.gc, how: 'global.gc' };
  try {
    require('node:v8').setFlagsFromString('--expose-gc');
    const gc = require('node:vm').runInNewContext('gc');
    if (typeof gc === 'function') return { gc, how: "v8.setFlagsFromString('--expose-gc') + vm.runInNewContext('gc')" };
  } catch {
    // fall through
  }
  return { gc: undefined, how: 'none: heap figures include garbage' };
}

function activeExtensions() {
  return vscode.extensions.all.filter((e) => e.isActive).map((e) => e.id);
}

exports.run = async function run() {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new Error('the benchmark needs the round folder open');
  const config = JSON.parse(fs.readFileSync(path.join(folder, 'bench-round.json'), 'utf8'));
  const { gc, how } = findGc();
  const heap = () => {
    if (gc) {
      gc();
      gc();
    }
    return process.memoryUsage().heapUsed;
  };

  // Let the window's own startup activations (built-in extensions) finish first.
  const activeAtStart = activeExtensions();
  await sleep(config.settleMs ?? 3000);
  const activeBefore = activeExtensions();

  const exts = {};
  for (const key of Object.keys(IDS)) {
    exts[key] = vscode.extensions.getExtension(IDS[key]);
    if (!exts[key]) throw new Error(`${IDS[key]} is not loaded in this extension host`);
  }
  // The workbench sometimes fires onLanguage:plaintext for a model of its own while the window
  // starts, before any document is open, and both extensions are then active already: such a
  // window measures nothing and is reported as skipped.
  const early = Object.keys(IDS).filter((k) => exts[k].isActive);
  if (early.length) {
    console.log(MARKER + JSON.stringify({ skipped: `already active before the measurement: ${early.join(', ')}` }));
    return;
  }

  // Time the loading of each extension's main file on its own (read, compile, run its top
  // level), through Node's CommonJS loader, which the extension host uses for both.
  const Module = require('node:module');
  const loadJs = Module._extensions['.js'];
  const loadMs = {};
  const mains = { ours: /dist[\\/]extension\.js$/, empty: /empty-extension[\\/]extension\.js$/ };
  Module._extensions['.js'] = function timedLoad(module, filename) {
    const key = Object.keys(mains).find((k) => mains[k].test(filename));
    if (!key) return loadJs.call(this, module, filename);
    const t0 = performance.now();
    try {
      return loadJs.call(this, module, filename);
    } finally {
      loadMs[key] = performance.now() - t0;
    }
  };

  const heapSteps = [{ step: 'before any activation', heapUsed: heap() }];
  const activation = {};
  const heapDelta = {};
  for (const key of config.order) {
    const before = heap();
    const raw0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    await exts[key].activate();
    const ms = performance.now() - t0;
    const raw1 = process.memoryUsage().heapUsed;
    const after = heap();
    activation[key] = ms;
    heapDelta[key] = { retained: after - before, allocatedNoGc: raw1 - raw0 };
    heapSteps.push({ step: `after activating ${key}`, heapUsed: after });
  }
  Module._extensions['.js'] = loadJs;
  const activeAfterActivation = activeExtensions();

  // The first hover: a markdown file with Chinese and English terms, opened in an editor.
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'notes.md')));
  await vscode.window.showTextDocument(doc);
  await sleep(500);
  heapSteps.push({ step: 'after opening notes.md', heapUsed: heap() });
  const text = doc.getText();
  const at = (needle) => doc.positionAt(text.indexOf(needle) + 1);
  const hover = async (pos) => {
    const t0 = performance.now();
    const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos)) ?? [];
    const ms = performance.now() - t0;
    const md = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    return { ms, hovers: hovers.length, answered: /virtkit\.openArticle/.test(md) };
  };
  const hovers = {
    first: await hover(at('KVM')),
    second: await hover(at('虚拟化')),
    third: await hover(at('KVM')),
  };
  heapSteps.push({ step: 'after the first hovers', heapUsed: heap() });

  let t0 = performance.now();
  await vscode.commands.executeCommand('virtkit.openArticle', 'kvm');
  const articleMs = performance.now() - t0;
  await sleep(1500);
  heapSteps.push({ step: "after opening the article panel ('kvm')", heapUsed: heap() });

  t0 = performance.now();
  await vscode.commands.executeCommand('virtkit.checkHost');
  const hostCheckMs = performance.now() - t0;
  await sleep(3000);
  heapSteps.push({ step: 'after opening the host-check panel', heapUsed: heap() });

  const result = {
    order: config.order,
    activation,
    loadMs,
    heapDelta,
    heapSteps,
    hovers,
    commandMs: { openArticle: articleMs, checkHost: hostCheckMs },
    gc: how,
    activeAtStart,
    activeBefore,
    activeAfterActivation,
    activeAtEnd: activeExtensions(),
    host: {
      vscode: vscode.version,
      node: process.version,
      appName: vscode.env.appName,
      remoteName: vscode.env.remoteName ?? null,
      uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    },
  };
  console.log(MARKER + JSON.stringify(result));
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
};
