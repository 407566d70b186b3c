// Runs the UI tier (test/ui/*.ui.test.mjs, node's test runner driving the real workbench in
// headless Chromium) and records its counts. The Virtual Machines view's suite needs a real
// libvirt: qemu:///system is made to answer first (test/harness/libvirtd.mjs), and the daemons
// are stopped afterwards only if this run started them.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordCounts, root } from './counts.mjs';
import { ensureLibvirtd } from './libvirtd.mjs';

const files = readdirSync(join(root, 'test/ui'))
  .filter((f) => f.endsWith('.ui.test.mjs'))
  .map((f) => join(root, 'test/ui', f));
// The tap stream is parsed for the counts; the spec stream is what a person reads.
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout'];
reporters.push('--test-reporter=tap', '--test-reporter-destination=test-results/ui.tap');
// A daemon that cannot start fails the suite that needs it (it says why), not the others.
const env = { ...process.env };
let daemon;
try {
  daemon = await ensureLibvirtd();
  env.VIRTKIT_TEST_LIBVIRT_URI = daemon.uri;
  console.log(`[ui] ${daemon.uri} ${daemon.started ? 'started' : 'already running'}`);
} catch (e) {
  env.VIRTKIT_TEST_LIBVIRT_ERROR = String(e?.message ?? e);
  console.log(`[ui] libvirt is not available: ${env.VIRTKIT_TEST_LIBVIRT_ERROR}`);
}
let r;
try {
  r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...reporters, ...files], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
} finally {
  daemon?.stop();
}
const tap = readFileSync(join(root, 'test-results/ui.tap'), 'utf8');
const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
recordCounts('ui', { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') });
process.exit(r.status ?? 1);
