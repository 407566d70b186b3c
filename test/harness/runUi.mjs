// Runs the UI tier (test/ui/*.ui.test.mjs, node's test runner driving the real workbench in
// headless Chromium) and records its counts.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordCounts, root } from './counts.mjs';

const files = readdirSync(join(root, 'test/ui'))
  .filter((f) => f.endsWith('.ui.test.mjs'))
  .map((f) => join(root, 'test/ui', f));
// The tap stream is parsed for the counts; the spec stream is what a person reads.
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
reporters.push('--test-reporter=tap', '--test-reporter-destination=test-results/ui.tap');
const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], {
  cwd: root,
  stdio: 'inherit',
});
const tap = readFileSync(join(root, 'test-results/ui.tap'), 'utf8');
const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
recordCounts('ui', { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') });
process.exit(r.status ?? 1);
