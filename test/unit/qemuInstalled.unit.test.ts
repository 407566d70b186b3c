// The QEMU installed where the window runs (src/core/qemu/installed.ts), with the real
// qemu-system-x86_64: the same version as the bundled data means nothing more runs; another
// version (a wrapper that reports one and hands everything else to the real QEMU) is asked for
// its own answers once, and the next window reads them from the cache.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseQemuData, type QemuData } from '../../src/core/qemu/data';
import { InstalledQemu, parseQemuVersion, type InstalledQemuStatus } from '../../src/core/qemu/installed';

const root = path.resolve(__dirname, '../..');
const bundled = parseQemuData(readFileSync(path.join(root, 'data/qemu/x86_64.json'), 'utf8'));
const real = execFileSync('sh', ['-c', 'command -v qemu-system-x86_64'], { encoding: 'utf8' }).trim();

describe('the installed QEMU (core)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'virtkit-installed-qemu-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A qemu-system-x86_64 in its own folder that reports `versionLine` and logs each call. */
  function wrapper(versionLine: string): { searchPath: string; calls: () => string[] } {
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'calls.log');
    execFileSync('mkdir', ['-p', bin]);
    const script = path.join(bin, 'qemu-system-x86_64');
    writeFileSync(
      script,
      `#!/bin/sh\necho "$*" >> '${log}'\nif [ "$1" = "-version" ]; then echo '${versionLine}'; exit 0; fi\nexec '${real}' "$@"\n`,
    );
    chmodSync(script, 0o755);
    return {
      searchPath: bin,
      calls: () => {
        try {
          return readFileSync(log, 'utf8').trim().split('\n');
        } catch {
          return [];
        }
      },
    };
  }

  const make = (searchPath: string, seen: InstalledQemuStatus[] = [], data: QemuData | undefined = bundled) =>
    new InstalledQemu({
      searchPath,
      cacheDir: path.join(dir, 'cache'),
      bundled: () => data,
      onChange: (s) => seen.push(s),
    });

  it('reads the version line QEMU prints', () => {
    assert.deepEqual(parseQemuVersion('QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18)\nCopyright'), {
      version: '7.2.22',
      package: 'Debian 1:7.2+dfsg-7+deb12u18',
    });
    assert.deepEqual(parseQemuVersion('QEMU emulator version 9.1.0\n'), { version: '9.1.0', package: '' });
    assert.equal(parseQemuVersion('not qemu'), undefined);
  });

  it('this machine: the QEMU on PATH is compared with the bundled data, and nothing is captured when they agree', async () => {
    const printed = parseQemuVersion(execFileSync(real, ['-version'], { encoding: 'utf8' }))!;
    const installed = make(process.env.PATH ?? '');
    const s = await installed.ensure('x86_64');
    assert.equal(s.version, printed.version);
    const same = printed.version === bundled.version && printed.package === bundled.package;
    assert.equal(s.state, same ? 'same' : 'installed');
    assert.equal(installed.data('x86_64') === undefined, same);
  });

  it('another version: captured once, used, and read from the cache by the next window', async () => {
    const w = wrapper('QEMU emulator version 99.1.0 (VirtKit test wrapper)');
    const seen: InstalledQemuStatus[] = [];
    const first = make(w.searchPath, seen);
    const s = await first.ensure('x86_64');
    assert.equal(s.state, 'installed', s.error);
    assert.deepEqual(
      seen.map((x) => x.state),
      ['capturing', 'installed'],
    );
    const data = first.data('x86_64')!;
    assert.equal(data.version, '99.1.0');
    // Its own answers, which for this wrapper are the real QEMU's: the bundled lists.
    assert.deepEqual(Object.keys(data.devices), Object.keys(bundled.devices));
    assert.deepEqual(data.devices['virtio-net-pci']?.props, bundled.devices['virtio-net-pci']?.props);
    assert.deepEqual(Object.keys(data.machines), Object.keys(bundled.machines));
    const captureCalls = w.calls().length;
    assert.ok(captureCalls > 100, `${captureCalls} QEMU runs`);
    assert.equal(readdirSync(path.join(dir, 'cache')).length, 1);

    const second = make(w.searchPath);
    assert.equal((await second.ensure('x86_64')).state, 'installed');
    assert.equal(second.data('x86_64')?.version, '99.1.0');
    assert.deepEqual(w.calls().slice(captureCalls), ['-version'], 'the next window only asks for the version');
  });

  it('never runs a QEMU found through a relative PATH entry (it resolves against the working directory)', async () => {
    const w = wrapper('QEMU emulator version 99.0.0');
    const cwd = process.cwd();
    // The working directory of an extension host can be the workspace: a cloned repository's bin/.
    process.chdir(dir);
    try {
      for (const searchPath of ['bin', './bin', `${path.delimiter}bin`])
        assert.equal((await make(searchPath).ensure('x86_64')).state, 'absent', searchPath);
    } finally {
      process.chdir(cwd);
    }
    assert.deepEqual(w.calls(), []);
  });

  it('absent: nothing runs; a QEMU that does not say its version: failed, bundled data stays', async () => {
    const none = make(path.join(dir, 'empty'));
    assert.deepEqual(await none.ensure('x86_64'), { arch: 'x86_64', state: 'absent' });
    assert.equal(none.data('x86_64'), undefined);

    const w = wrapper('something else entirely');
    const odd = make(w.searchPath);
    const s = await odd.ensure('x86_64');
    assert.equal(s.state, 'failed');
    assert.equal(odd.data('x86_64'), undefined);
    assert.deepEqual(w.calls(), ['-version']);
  });
});
