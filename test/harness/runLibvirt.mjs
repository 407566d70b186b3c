// The real-libvirt tier: a real libvirtd with its QEMU driver (qemu:///system) and a local
// sshd for qemu+ssh://, started here (test/harness/libvirtd.mjs) and stopped afterwards if
// this run started them. Two parts, both recorded as the `libvirt` tier:
//  - Node suites (test/libvirt/*.libvirt.test.ts → out/libvirt/): the core against the daemon;
//  - extension-host suites (test/integration/libvirt/*.test.ts through libvirtIndex.ts →
//    out/libvirt-host/index.js): the extension against the daemon, in the real workbench.
// Both find the daemon through VIRTKIT_TEST_LIBVIRT_URI and VIRTKIT_TEST_SSH_URI. The fault
// tests also get a private libvirtd they may kill (test/harness/privateLibvirtd.mjs:
// VIRTKIT_TEST_PRIVATE_LIBVIRT_URI, _DIR) and an SSH address with a key the host refuses
// (VIRTKIT_TEST_SSH_REFUSED_URI).
// A machine where the daemon cannot start fails this tier; it is not skipped.
import Mocha from 'mocha';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readCounts, recordCounts, root } from './counts.mjs';
import { ensureLibvirtd, startSshd } from './libvirtd.mjs';
import { startPrivateLibvirtd } from './privateLibvirtd.mjs';
import { runInWorkbench } from './runInWorkbench.mjs';

const started = Date.now();
const daemon = await ensureLibvirtd();
console.log(
  `[libvirt] ${daemon.uri} ${daemon.started ? 'started' : 'already running'}: ${daemon.version.split('\n')[1] ?? ''}`,
);
let ssh;
let privateDaemon;
let code = 1;
try {
  ssh = await startSshd();
  console.log(`[libvirt] sshd on 127.0.0.1:${ssh.port}`);
  process.env.VIRTKIT_TEST_LIBVIRT_URI = daemon.uri;
  process.env.VIRTKIT_TEST_SSH_URI = ssh.uri;
  process.env.VIRTKIT_TEST_SSH_REFUSED_URI = ssh.refusedUri;
  const privateStart = Date.now();
  privateDaemon = await startPrivateLibvirtd();
  console.log(`[libvirt] private libvirtd for the fault tests: ${Date.now() - privateStart} ms, ${privateDaemon.uri}`);
  process.env.VIRTKIT_TEST_PRIVATE_LIBVIRT_URI = privateDaemon.uri;
  process.env.VIRTKIT_TEST_PRIVATE_LIBVIRT_DIR = privateDaemon.dir;

  const dir = join(root, 'out/libvirt');
  const { reporter } = JSON.parse(readFileSync(join(root, '.mocharc.unit.json'), 'utf8'));
  const mocha = new Mocha({ reporter, timeout: 120_000 });
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.libvirt.test.js'))
    .sort())
    mocha.addFile(join(dir, f));
  await mocha.loadFilesAsync();
  const node = await new Promise((resolve) => {
    const runner = mocha.run((failures) =>
      resolve({ passed: runner.stats?.passes ?? 0, failed: failures, skipped: runner.stats?.pending ?? 0 }),
    );
  });

  const testsPath = join(root, 'out/libvirt-host/index.js');
  if (!existsSync(testsPath))
    throw new Error('out/libvirt-host/index.js is missing: run `node scripts/build.mjs --tests`');
  const hostCode = await runInWorkbench({
    label: 'libvirt',
    folder: join(root, 'test/fixtures/workspace'),
    extensionPath: root,
    testsPath,
  });
  const host = readCounts().find((c) => c.tier === 'libvirt-host') ?? {
    passed: 0,
    failed: hostCode ? 1 : 0,
    skipped: 0,
  };
  const total = {
    passed: node.passed + host.passed,
    failed: node.failed + host.failed + (hostCode && !host.failed ? 1 : 0),
    skipped: node.skipped + host.skipped,
  };
  recordCounts('libvirt', total);
  // The host part recorded itself under its own name; the summary counts the tier once.
  rmSync(join(root, 'test-results/counts/libvirt-host.json'), { force: true });
  console.log(
    `[libvirt] node ${node.passed}/${node.failed}, extension host ${host.passed}/${host.failed}, ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  code = total.failed > 0 || total.passed === 0 ? 1 : 0;
} finally {
  await privateDaemon?.stop();
  ssh?.stop();
  daemon.stop();
}
process.exit(code);
