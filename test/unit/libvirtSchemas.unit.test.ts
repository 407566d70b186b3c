// The schemas the extension ships (data/libvirt-schemas, captured by
// scripts/capture-libvirt-schemas.mjs) against their manifest and, where libvirt is installed
// (Debian package libvirt-clients, as in CI), against the installed libvirt's own schemas:
// the same version, the same files, byte for byte. A difference means drift.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ROOT_TO_SCHEMA } from '../../src/core/validation/libvirtDocument';

const root = resolve(__dirname, '../..');
const vendored = join(root, 'data/libvirt-schemas');
const installed = '/usr/share/libvirt/schemas';
const RECAPTURE = 'node scripts/capture-libvirt-schemas.mjs';

interface Manifest {
  libvirt: string;
  debianPackage: string;
  captured: string;
  license: string;
  files: Record<string, string>;
}
const manifest = JSON.parse(readFileSync(join(vendored, 'manifest.json'), 'utf8')) as Manifest;
const rngFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.rng'))
    .sort();

describe('vendored libvirt schemas (data/libvirt-schemas)', () => {
  it(`match their manifest (libvirt ${manifest.libvirt}, captured ${manifest.captured})`, () => {
    assert.deepEqual(rngFiles(vendored), Object.keys(manifest.files).sort());
    for (const [name, sha256] of Object.entries(manifest.files)) {
      const actual = createHash('sha256')
        .update(readFileSync(join(vendored, name)))
        .digest('hex');
      assert.equal(actual, sha256, `${name} was edited; the schemas are copied, never edited: re-run ${RECAPTURE}`);
    }
  });

  it('carry their licence and where they come from', () => {
    assert.equal(manifest.license, 'LGPL-2.1-or-later');
    assert.match(
      readFileSync(join(vendored, 'COPYING.LGPL-2.1'), 'utf8'),
      /GNU LESSER GENERAL PUBLIC LICENSE\s+Version 2\.1/,
    );
    const readme = readFileSync(join(vendored, 'README.md'), 'utf8');
    for (const fact of [manifest.libvirt, manifest.debianPackage, manifest.captured, 'Lesser General Public License'])
      assert.ok(readme.includes(fact), `README.md does not say ${fact}`);
  });

  it('have a schema for every document kind the validators detect', () => {
    for (const schema of new Set(Object.values(ROOT_TO_SCHEMA)))
      assert.ok(manifest.files[`${schema}.rng`], `no ${schema}.rng`);
  });

  it('are the installed libvirt schemas, byte for byte', function () {
    if (!existsSync(installed)) {
      this.skip(); // no libvirt here: nothing to compare with (CI installs libvirt-clients)
    }
    // Debian's package version when there is dpkg (CI), libvirt's own otherwise.
    const run = (file: string, args: string[]) =>
      execFileSync(file, args, { encoding: 'utf8', timeout: 10_000 }).trim();
    let installedVersion: string;
    let recorded: string;
    try {
      installedVersion = run('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'libvirt-clients']);
      recorded = manifest.debianPackage;
    } catch {
      installedVersion = run('virsh', ['--version']);
      recorded = manifest.libvirt;
    }
    assert.equal(
      installedVersion,
      recorded,
      `the installed libvirt (${installedVersion}) is not the one the schemas were captured from (${recorded}): ` +
        `install that one, or re-run ${RECAPTURE} to capture the installed one`,
    );
    assert.deepEqual(rngFiles(installed), rngFiles(vendored), `the list of schema files differs: re-run ${RECAPTURE}`);
    const differing = rngFiles(installed).filter(
      (f) => !readFileSync(join(installed, f)).equals(readFileSync(join(vendored, f))),
    );
    assert.deepEqual(differing, [], `these schemas differ from ${installed}: re-run ${RECAPTURE}`);
  });
});
