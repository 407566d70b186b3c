// The README's command and setting tables say exactly what package.json contributes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const nls = JSON.parse(readFileSync(join(root, 'package.nls.json'), 'utf8'));
const localize = (s: string) => s.replace(/^%(.+)%$/, (_, k: string) => nls[k]);

/** The first column (in backticks) of the table after `<!-- name: ... -->`. */
function tableRows(name: string): Map<string, string[]> {
  const at = readme.indexOf(`<!-- ${name}:`);
  assert.ok(at >= 0, `README has no ${name} table`);
  const rows = new Map<string, string[]>();
  for (const line of readme.slice(at).split('\n').slice(1)) {
    if (!line.startsWith('|')) {
      if (rows.size) break;
      continue;
    }
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[0])?.[1];
    if (key) rows.set(key, cells);
  }
  return rows;
}

describe('README', () => {
  it('lists every command with its title, and no other', () => {
    const rows = tableRows('commands');
    const commands = manifest.contributes.commands as { command: string; title: string }[];
    assert.deepEqual([...rows.keys()].sort(), commands.map((c) => c.command).sort());
    const category = localize('%category%');
    for (const c of commands) assert.equal(rows.get(c.command)?.[1], `${category}: ${localize(c.title)}`, c.command);
  });

  it('lists every setting with its default, and no other', () => {
    const rows = tableRows('settings');
    const props = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual([...rows.keys()].sort(), Object.keys(props).sort());
    // Strings are shown bare (`auto`), except the empty one (`""`); anything else as JSON.
    const shown = (v: unknown) => (typeof v === 'string' && v !== '' ? v : JSON.stringify(v));
    for (const [key, p] of Object.entries(props)) assert.equal(rows.get(key)?.[1], `\`${shown(p.default)}\``, key);
  });
});
