// One sample of bench/activation/loadCost.mjs, in a fresh Node process started with
// --expose-gc: require() one extension main file (argv[2]) with `vscode` stubbed, and print
// the time it took and the heap it retained, as JSON.
'use strict';

const Module = require('node:module');
const { performance } = require('node:perf_hooks');

// A `vscode` that answers anything: the bundle's top level only has to run, not to work.
const stub = new Proxy(function vscodeStub() {}, {
  get: (target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : key === 'prototype' ? {} : stub),
  apply: () => stub,
  construct: () => stub,
});
const load = Module._load;
Module._load = function loadWithStub(request, ...rest) {
  return request === 'vscode' ? stub : load.call(this, request, ...rest);
};

global.gc();
global.gc();
const before = process.memoryUsage().heapUsed;
const t0 = performance.now();
const exported = require(process.argv[2]);
const ms = performance.now() - t0;
global.gc();
global.gc();
const retained = process.memoryUsage().heapUsed - before;
if (typeof exported.activate !== 'function') throw new Error(`${process.argv[2]} exports no activate()`);
console.log(JSON.stringify({ ms, retained }));
