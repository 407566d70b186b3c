// The committed QEMU data (data/qemu/<arch>.json) still says what the installed QEMU says: the
// capture runs again, in memory, against qemu-system-x86_64 and qemu-system-aarch64 (CI installs
// the same Debian QEMU as the machine that wrote the files), with every top-level list complete
// and the properties of a sample of devices. Any difference fails with the command to re-run.
// Also: the options QEMU's docs say were removed by this version are refused by this QEMU.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { captureQemu, optionNamesOfContent, probeOption, run } from '../../src/core/qemu/capture';
import { parseQemuData, QEMU_ARCHES, type QemuData, type QemuRemovals } from '../../src/core/qemu/data';
import { compareVersions } from '../../src/core/qemu/languageService';

const root = path.resolve(__dirname, '../..');
const RERUN = 'Re-run `node scripts/capture-qemu.mjs` and commit data/qemu/.';
/** Devices whose properties are captured again: every SAMPLE_STEP-th by name, so ~50 per architecture. */
const SAMPLE_STEP = 8;

function installed(binary: string): boolean {
  try {
    execFileSync(binary, ['-version'], { timeout: 10_000, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** `o` without the named keys. */
function omit<T extends object>(o: T, ...keys: string[]): Partial<T> {
  const copy = { ...o } as Record<string, unknown>;
  for (const k of keys) delete copy[k];
  return copy as Partial<T>;
}

/** Paths (`devices.e1000.props.mac`) where a and b differ, at most `max`. */
function differences(a: unknown, b: unknown, at = '', out: string[] = [], max = 12): string[] {
  if (out.length >= max) return out;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    Array.isArray(a) !== Array.isArray(b)
  ) {
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push(
        `${at || '(root)'}: installed ${JSON.stringify(a)?.slice(0, 120)}, committed ${JSON.stringify(b)?.slice(0, 120)}`,
      );
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) differences((a as never)[k], (b as never)[k], at ? `${at}.${k}` : k, out, max);
  return out;
}

for (const arch of QEMU_ARCHES) {
  const binary = `qemu-system-${arch}`;
  describe(`QEMU data drift: data/qemu/${arch}.json against the installed ${binary}`, function () {
    this.timeout(120_000);
    let committed: QemuData;

    before(function () {
      if (!installed(binary)) this.skip(); // CI installs it (.ci/run); elsewhere there is nothing to compare with
      committed = parseQemuData(readFileSync(path.join(root, 'data/qemu', `${arch}.json`), 'utf8'));
    });

    it('matches: version, options, machines, CPUs, accelerators, devices, backends, keys, sampled device properties', async () => {
      const sample = (names: string[]) => names.filter((_, i) => i % SAMPLE_STEP === 0);
      const now = await captureQemu(binary, {
        devicesToDescribe: sample,
        optionCandidates: optionNamesOfContent(parse(readFileSync(path.join(root, 'content/qemu.yaml'), 'utf8'))),
      });
      const sampled = new Set(sample(Object.keys(now.devices).sort()));
      // Properties compared for the sampled devices only; everything else in full.
      const strip = (d: QemuData | typeof now) =>
        Object.fromEntries(
          Object.entries(d.devices).map(([n, dev]) => [n, sampled.has(n) ? dev : omit(dev, 'props', 'error')]),
        );
      const old = omit(committed as QemuData & { $comment?: string }, 'captured', '$comment');
      const diff = differences({ ...now, devices: strip(now) }, { ...old, devices: strip(committed) });
      assert.ok(sampled.size > 10, `only ${sampled.size} devices sampled`);
      assert.deepEqual(
        diff,
        [],
        `The installed ${binary} (${now.version} ${now.package}) disagrees with data/qemu/${arch}.json ` +
          `(QEMU ${committed.version} ${committed.package}, captured ${committed.captured}):\n  ${diff.join('\n  ')}\n${RERUN}`,
      );
    });
  });
}

describe('QEMU removed options (data/qemu/removed-options.json) against the installed QEMU', function () {
  this.timeout(120_000);
  const removals = JSON.parse(readFileSync(path.join(root, 'data/qemu/removed-options.json'), 'utf8')) as QemuRemovals;
  let version = '';

  before(async function () {
    if (!installed('qemu-system-x86_64')) this.skip();
    version = /version (\d+\.\d+\.\d+)/.exec(await run('qemu-system-x86_64', ['-version']))?.[1] ?? '';
  });

  it('refuses -soundhw, -balloon, -tdf and -no-kvm with its own "invalid option", and accepts -enable-kvm', async () => {
    // QEMU 7.2 says, e.g.: `qemu-system-x86_64: -soundhw: invalid option`.
    for (const option of ['-soundhw', '-balloon', '-tdf', '-no-kvm'])
      assert.equal(await probeOption('qemu-system-x86_64', option), undefined, `${option} is accepted`);
    assert.equal(await probeOption('qemu-system-x86_64', '-enable-kvm'), 'none');
  });

  it('refuses every option the docs list as removed by its version, and knows those removed later', async () => {
    const data = parseQemuData(readFileSync(path.join(root, 'data/qemu/x86_64.json'), 'utf8'));
    const gone = Object.entries(removals.removed).filter(([, v]) => compareVersions(v, version) <= 0);
    assert.ok(gone.length >= 20, `only ${gone.length}`);
    for (const [option, release] of gone) {
      assert.equal(data.options[option], undefined, `${option} (removed in ${release}) is in data/qemu/x86_64.json`);
      const stderr = await run('qemu-system-x86_64', [option]).then(
        () => '',
        (e: Error) => e.message,
      );
      assert.match(stderr, /invalid option/, `${option} (removed in ${release})`);
    }
    const later = Object.keys(removals.removed).filter((o) => compareVersions(removals.removed[o], version) > 0);
    assert.ok(
      later.some((o) => data.options[o]),
      'no option removed after this version is still in it (the docs or the data are off)',
    );
  });
});
