// Copies the screenshots the UI tests took (test-results/screenshots/, git-ignored) into
// docs/screenshots/, the ones the READMEs show. Run after `npm run test:ui` when the UI changed.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHOWN = [
  'concepts-tree',
  'article',
  'hover',
  'host-check',
  'libvirt-hover',
  'snippet-pick',
  'snippet-inserted',
  'article-dark',
  'host-check-high-contrast',
  'article-zh',
  'host-check-zh',
  'libvirt-problems',
  'qemu-completion',
  'libvirt-completion',
  'qemu-convert',
  'machines-view',
  'machines-console',
  'machines-xml-changed',
  'machines-xml-diff',
];
mkdirSync(join(root, 'docs/screenshots'), { recursive: true });
for (const name of SHOWN)
  copyFileSync(join(root, 'test-results/screenshots', `${name}.png`), join(root, 'docs/screenshots', `${name}.png`));
console.log(`copied ${SHOWN.length} screenshots to docs/screenshots/`);
