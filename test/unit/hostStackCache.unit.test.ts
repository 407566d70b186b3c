// The stack section on this machine, between probes: what unchanged files said is reused (one
// stat each), a tool installed, removed or made executable shows on the next probe, and only
// absolute programs from absolute PATH directories outside untrusted folders are ever run.
import * as assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createNodeHostFs, statStamp, type HostFs } from '../../src/core/host/hostFs';
import { probeAccess } from '../../src/core/host/linuxDeepProbe';
import { probeStack, type StackCache, type StackEnv } from '../../src/core/host/stackProbe';
import { machineStackEnv, outsideDirs, SETTLE_MS, stampFile, toolVersion } from '../../src/core/host/stackRuntime';
import type { StackReport } from '../../src/core/host/types';
import { resolveExecutable, runProcess } from '../../src/core/process/runProcess';

/** A shell script that says it is qemu-img 6.6.6 and leaves a mark beside itself when run. */
function fakeTool(file: string, mode = 0o755): void {
  writeFileSync(file, '#!/bin/sh\n: > "$0.ran"\necho "qemu-img version 6.6.6"\n', { mode });
  chmodSync(file, mode);
}

/** The machine's file system with each directory listing counted. */
function countingFs(): { fs: HostFs; lists: Map<string, number> } {
  const base = createNodeHostFs('/');
  const lists = new Map<string, number>();
  return {
    lists,
    fs: {
      ...base,
      list: (dir) => {
        lists.set(dir, (lists.get(dir) ?? 0) + 1);
        return base.list(dir);
      },
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const qemuImg = (s: StackReport) => s.tools.find((t) => t.name === 'qemu-img');

describe('host check: the stack between probes of this machine', function () {
  this.timeout(20_000);
  if (process.platform !== 'linux') return;
  let tmp: string;
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'virtkit-stackcache-')));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  /** This machine's stack environment with `dir` as PATH, its own cache and recorded version runs. */
  function env(dir: string, ran: string[], overrides: Partial<StackEnv> = {}): StackEnv {
    // Remembers a version by path and settled stamp, as toolVersion does, and records each run.
    const known = new Set<string>();
    return {
      ...machineStackEnv({ PATH: dir }),
      cache: new Map() as StackCache,
      version: async (file, stamp) => {
        const key = `${file}\u0000${stamp}`;
        if (stamp === undefined || !known.has(key)) ran.push(file);
        if (stamp !== undefined) known.add(key);
        return '6.6.6';
      },
      connect: async () => 'absent',
      ...overrides,
    };
  }

  it('a stamp: missing, then there; not settled while its change is recent', async () => {
    const f = path.join(tmp, 'x');
    assert.deepEqual(await stampFile(f), { id: 'missing', settled: true });
    writeFileSync(f, 'a');
    const now = await stampFile(f);
    assert.equal(now.settled, false, 'a file changed a moment ago is not trusted to keep its stamp');
    const later = await stampFile(f, Date.now() + SETTLE_MS + 1000);
    assert.equal(later.settled, true);
    assert.equal(later.id, now.id);
    await sleep(20);
    writeFileSync(f, 'bb');
    assert.notEqual((await stampFile(f)).id, now.id, 'a changed file has another stamp');
  });

  it('a tool installed, made executable or removed in a PATH directory shows on the next probe', async () => {
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    const ran: string[] = [];
    // Probed as the machine probe is (the cache kept between probes, real stamps and clock).
    const e = env(bin, ran);
    const fs = createNodeHostFs('/');
    const probe = () => probeStack(fs, e, Promise.resolve('x64'), []);
    const tool = path.join(bin, 'qemu-img');

    const before = await probe();
    assert.ok(!before.tools.some((t) => t.path?.startsWith(bin)));

    fakeTool(tool, 0o644);
    assert.ok(!(await probe()).tools.some((t) => t.path === tool), 'not executable: not a tool');

    chmodSync(tool, 0o755);
    const installed = await probe();
    assert.equal(qemuImg(installed)?.path, tool);
    assert.equal(qemuImg(installed)?.version, '6.6.6');

    rmSync(tool);
    const removed = await probe();
    assert.notEqual(qemuImg(removed)?.path, tool);
    assert.deepEqual(
      ran.filter((f) => f.startsWith(tmp)),
      [tool],
      'the version was read once, while the tool was there',
    );
  });

  it('reuses what unchanged directories said, and reads a changed one again on its own', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    mkdirSync(a);
    mkdirSync(b);
    fakeTool(path.join(a, 'qemu-img'));
    const ran: string[] = [];
    const { fs, lists } = countingFs();
    // A clock ahead by more than the settling time: everything here counts as settled.
    const e = env(`${a}:${b}`, ran, { stamp: (f) => stampFile(f, Date.now() + SETTLE_MS + 1000) });
    const probe = () => probeStack(fs, e, Promise.resolve('x64'), []);

    const first = await probe();
    assert.equal(qemuImg(first)?.path, path.join(a, 'qemu-img'));
    const afterFirst = new Map(lists);
    const again = await probe();
    assert.deepEqual(again, first, 'the same answer');
    assert.deepEqual(lists, afterFirst, 'and no directory listed again');

    await sleep(30); // beyond the file-time clock's tick, as any later change is
    fakeTool(path.join(b, 'qemu-system-x86_64'));
    const third = await probe();
    assert.equal(third.tools.find((t) => t.name === 'qemu-system-x86_64')?.path, path.join(b, 'qemu-system-x86_64'));
    assert.equal(lists.get(b), (afterFirst.get(b) ?? 0) + 1, 'the changed directory was listed again');
    assert.equal(lists.get(a), afterFirst.get(a), 'the unchanged one was not');
    assert.deepEqual(
      ran.filter((f) => f.startsWith(tmp)).sort(),
      [path.join(a, 'qemu-img'), path.join(b, 'qemu-system-x86_64')].sort(),
    );
  });

  it('a change too recent to trust is not remembered: the next probe looks again', async () => {
    const bin = path.join(tmp, 'bin');
    mkdirSync(bin);
    fakeTool(path.join(bin, 'qemu-img'));
    const { fs, lists } = countingFs();
    const e = env(bin, []); // the real clock: everything in tmp changed a moment ago
    await probeStack(fs, e, Promise.resolve('x64'), []);
    await probeStack(fs, e, Promise.resolve('x64'), []);
    assert.equal(lists.get(bin), 2);
  });

  it('never looks in relative PATH entries, and runs nothing found through them', async () => {
    // ".", "bin" and an empty entry resolve against the working directory, which can be a
    // cloned repository: a qemu-img there must not run.
    mkdirSync(path.join(tmp, 'bin'));
    fakeTool(path.join(tmp, 'qemu-img'));
    fakeTool(path.join(tmp, 'bin', 'qemu-img'));
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      const ran: string[] = [];
      const e = env('.:bin::', ran);
      assert.ok(
        e.searchDirs.every((d) => path.isAbsolute(d)),
        `only absolute directories: ${e.searchDirs.join(':')}`,
      );
      // Even when a caller hands them over directly.
      const s = await probeStack(
        createNodeHostFs('/'),
        { ...e, searchDirs: ['.', 'bin', '', ...e.searchDirs] },
        Promise.resolve('x64'),
        [],
      );
      assert.ok(!s.tools.some((t) => t.path?.startsWith(tmp) || (t.path !== null && !path.isAbsolute(t.path))));
      assert.ok(
        ran.every((f) => path.isAbsolute(f) && !f.startsWith(tmp)),
        ran.join(' '),
      );
      // The runner itself refuses a name or a relative path.
      assert.equal(await toolVersion('qemu-img'), null);
      assert.equal(await toolVersion('bin/qemu-img'), null);
      assert.equal(await toolVersion('./qemu-img'), null);
      assert.ok(!existsSync(path.join(tmp, 'qemu-img.ran')), 'the qemu-img in "." ran');
      assert.ok(!existsSync(path.join(tmp, 'bin', 'qemu-img.ran')), 'the qemu-img in "bin" ran');
    } finally {
      process.chdir(cwd);
    }
  });

  it('an untrusted folder: its programs are found but never run, also through a link', async () => {
    const ws = path.join(tmp, 'workspace');
    const wsBin = path.join(ws, 'bin');
    const home = path.join(tmp, 'home-bin');
    mkdirSync(wsBin, { recursive: true });
    mkdirSync(home);
    fakeTool(path.join(wsBin, 'qemu-img'));
    // A link outside the folder to a program inside it is still the folder's program.
    symlinkSync(path.join(wsBin, 'qemu-img'), path.join(home, 'qemu-system-x86_64'));
    const e = machineStackEnv({ PATH: `${wsBin}:${home}` }, [ws]);
    const s = await probeStack(createNodeHostFs('/'), { ...e, cache: new Map() }, Promise.resolve('x64'), []);
    assert.equal(qemuImg(s)?.path, path.join(wsBin, 'qemu-img'));
    assert.equal(qemuImg(s)?.version, 'unknown');
    assert.equal(s.tools.find((t) => t.name === 'qemu-system-x86_64')?.version, 'unknown');
    assert.ok(!existsSync(path.join(wsBin, 'qemu-img.ran')), 'a program of the untrusted folder ran');

    const mayRun = outsideDirs([ws]);
    assert.equal(await mayRun(path.join(wsBin, 'qemu-img')), false);
    assert.equal(await mayRun(path.join(home, 'qemu-system-x86_64')), false);
    assert.equal(await mayRun(path.join(tmp, 'no-such-tool')), false, 'what cannot be resolved is not run');
    fakeTool(path.join(home, 'qemu-img'));
    assert.equal(await mayRun(path.join(home, 'qemu-img')), true);
    assert.equal(await outsideDirs([`${ws}-other`])(path.join(wsBin, 'qemu-img')), true, 'a prefix is not a parent');
  });

  it('/etc/group is read once while it stays the same, and again when it changes', async () => {
    mkdirSync(path.join(tmp, 'etc'));
    const group = path.join(tmp, 'etc/group');
    writeFileSync(group, 'root:x:0:\nkvm:x:993:\nlibvirt:x:994:alice\n');
    const base = createNodeHostFs(tmp);
    let reads = 0;
    const fs: HostFs = {
      ...base,
      readText: (file, max, o) => {
        if (file === '/etc/group') reads++;
        return base.readText(file, max, o);
      },
      stamp: (file) => statStamp(path.join(tmp, file), Date.now() + SETTLE_MS + 1000),
    };
    const user = { name: 'alice', groupIds: [994] };
    const first = await probeAccess(fs, user, []);
    assert.deepEqual(
      first.groups?.map((g) => [g.name, g.member, g.listed]),
      [
        ['kvm', false, false],
        ['libvirt', true, true],
      ],
    );
    assert.deepEqual(await probeAccess(fs, user, []), first);
    assert.equal(reads, 1, 'unchanged: not read again');
    await sleep(30);
    writeFileSync(group, 'root:x:0:\nkvm:x:993:alice\nlibvirt:x:994:alice\n');
    const changed = await probeAccess(fs, user, []);
    assert.equal(reads, 2);
    assert.equal(changed.groups?.[0]?.listed, true, 'the new membership is seen');
  });

  it('runProcess finds a bare name only in absolute PATH directories, never in "." or "bin"', async () => {
    mkdirSync(path.join(tmp, 'bin'));
    mkdirSync(path.join(tmp, 'abs'));
    fakeTool(path.join(tmp, 'qemu-img'));
    fakeTool(path.join(tmp, 'bin', 'qemu-img'));
    const cwd = process.cwd();
    process.chdir(tmp);
    try {
      for (const PATH of ['.', 'bin', '', ':', `.:bin::${path.join(tmp, 'nothing')}`]) {
        const r = await runProcess('qemu-img', ['--version'], { timeoutMs: 5000, env: { PATH } });
        assert.equal(r.failure, 'not-found', `PATH=${PATH}`);
        assert.equal(await resolveExecutable('qemu-img', PATH), null);
      }
      assert.equal((await runProcess('bin/qemu-img', [], { timeoutMs: 5000 })).failure, 'not-found');
      assert.equal((await runProcess('./qemu-img', [], { timeoutMs: 5000 })).failure, 'not-found');
      assert.ok(!existsSync(path.join(tmp, 'qemu-img.ran')), 'the qemu-img in "." ran');
      assert.ok(!existsSync(path.join(tmp, 'bin', 'qemu-img.ran')), 'the qemu-img in "bin" ran');
      // An absolute directory after the relative ones is used; a directory of that name is not a program.
      mkdirSync(path.join(tmp, 'abs', 'sub', 'qemu-img'), { recursive: true });
      fakeTool(path.join(tmp, 'abs', 'qemu-img'));
      const PATH = `.:bin:${path.join(tmp, 'abs', 'sub')}:${path.join(tmp, 'abs')}`;
      assert.equal(await resolveExecutable('qemu-img', PATH), path.join(tmp, 'abs', 'qemu-img'));
      const r = await runProcess('qemu-img', ['--version'], { timeoutMs: 5000, env: { PATH } });
      assert.match(r.stdout, /6\.6\.6/);
      assert.ok(existsSync(path.join(tmp, 'abs', 'qemu-img.ran')));
    } finally {
      process.chdir(cwd);
    }
  });
});
