// Copies libvirt's RelaxNG schemas, byte for byte, from the installed libvirt into
// data/libvirt-schemas/, which the extension ships and validates libvirt XML against when
// virt-xml-validate is not there (src/core/validation/libvirtValidator.ts). Records where
// they came from in manifest.json; test/unit/libvirtSchemas.unit.test.ts fails when the
// installed schemas drift from the copy.
//   node scripts/capture-libvirt-schemas.mjs [--from DIR]
// Needs Debian's libvirt-clients (it installs /usr/share/libvirt/schemas and virsh).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv.includes('--from')
  ? process.argv[process.argv.indexOf('--from') + 1]
  : '/usr/share/libvirt/schemas';
const to = join(root, 'data/libvirt-schemas');
const LGPL = '/usr/share/common-licenses/LGPL-2.1';

const run = (file, args) => execFileSync(file, args, { encoding: 'utf8', timeout: 10_000 }).trim();
const debianPackage = run('dpkg-query', ['-W', '-f', '${Package} ${Version}', 'libvirt-clients']);
const libvirt = run('virsh', ['--version']);
const captured = new Date().toISOString().slice(0, 10);
const os = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';

const names = readdirSync(from)
  .filter((f) => f.endsWith('.rng'))
  .sort();
if (names.length === 0) throw new Error(`no .rng files in ${from}`);

mkdirSync(to, { recursive: true });
for (const f of readdirSync(to)) if (f.endsWith('.rng')) rmSync(join(to, f));
const files = {};
for (const name of names) {
  copyFileSync(join(from, name), join(to, name));
  files[name] = createHash('sha256')
    .update(readFileSync(join(to, name)))
    .digest('hex');
}
copyFileSync(LGPL, join(to, 'COPYING.LGPL-2.1'));

const manifest = {
  $comment: 'Written by scripts/capture-libvirt-schemas.mjs; do not edit. sha256 of each schema file.',
  libvirt,
  debianPackage,
  source: from,
  os,
  captured,
  license: 'LGPL-2.1-or-later',
  files,
};
writeFileSync(join(to, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

writeFileSync(
  join(to, 'README.md'),
  `# libvirt's RelaxNG schemas

These ${names.length} files are libvirt's XML schemas, copied unchanged from \`${from}\`,
installed by the package \`${debianPackage}\` (libvirt ${libvirt}) of ${os},
on ${captured}, by \`node scripts/capture-libvirt-schemas.mjs\`. VirtKit validates libvirt XML against them in
process (libxml2 compiled to WebAssembly) when libvirt's own \`virt-xml-validate\` is not
available. \`manifest.json\` records the version and a SHA-256 of each file; a unit test
compares them with the installed libvirt's schemas.

They are part of libvirt (https://libvirt.org, source: https://gitlab.com/libvirt/libvirt,
directory \`src/conf/schemas\`), Copyright 2005-2023 Red Hat, Inc. and the libvirt authors (as
Debian's \`/usr/share/doc/libvirt-clients/copyright\` states), and are distributed
under the GNU Lesser General Public License, version 2.1 or (at your option) any later
version, whose text is in \`COPYING.LGPL-2.1\`. They are not covered by VirtKit's MIT
licence. The corresponding source is the libvirt ${libvirt} release tarball
(https://download.libvirt.org/libvirt-${libvirt}.tar.xz) or Debian's source package
(\`apt-get source libvirt=${debianPackage.split(' ')[1]}\`).
`,
);
console.log(`${names.length} schemas of libvirt ${libvirt} (${debianPackage}) → ${to}`);
