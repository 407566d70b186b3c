// The snippet files themselves: well-formed VS Code snippets in prefix families, enough of
// them, every default filled in, readable command lines, and a Chinese description for each
// (snippets/descriptions.zh-cn.json, used by the quick pick).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  KNOWN_SNIPPET_VARIABLES,
  expandSnippet,
  parseSnippet,
  snippetBodyText,
  snippetVariableNames,
  type SnippetNode,
} from '../../src/core/snippets/expandSnippet';
import { splitShellWords } from '../../src/core/snippets/shellWords';

const root = resolve(__dirname, '../..');

interface Snippet {
  prefix: unknown;
  description: unknown;
  body: unknown;
}
const load = (file: string) =>
  JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>;
const xml = load('libvirt-xml.json');
const commands = load('qemu.json');
const zh = JSON.parse(readFileSync(join(root, 'snippets/descriptions.zh-cn.json'), 'utf8')) as Record<string, unknown>;
const all = { ...xml, ...commands };

/** Which program a command snippet's prefix family promises. */
function familyProgram(prefix: string): RegExp | undefined {
  if (prefix.startsWith('qemu-img-')) return /^qemu-img$/;
  if (prefix.startsWith('virt-install-')) return /^virt-install$/;
  if (prefix.startsWith('virsh-')) return /^virsh$/;
  if (prefix.startsWith('qemu-')) return /^qemu-system-(x86_64|aarch64)$/;
  return undefined;
}

function walk(nodes: readonly SnippetNode[], visit: (n: SnippetNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if ((n.kind === 'placeholder' || n.kind === 'variable') && n.children) walk(n.children, visit);
  }
}

describe('snippet files', () => {
  it('are VS Code snippets: a string prefix, a description and a body', () => {
    for (const [name, s] of Object.entries(all)) {
      assert.equal(typeof s.prefix, 'string', `${name}: prefix`);
      assert.equal(s.prefix, name, `${name}: the prefix is the snippet's name (the key of its translation)`);
      assert.ok(typeof s.description === 'string' && s.description.trim().length > 20, `${name}: description`);
      assert.ok(
        typeof s.body === 'string' || (Array.isArray(s.body) && s.body.every((l) => typeof l === 'string')),
        `${name}: body`,
      );
    }
  });

  it('have unique names across both files', () => {
    const dup = Object.keys(xml).filter((k) => k in commands);
    assert.deepEqual(dup, []);
  });

  it('has at least 30 libvirt XML snippets, all in the virt- family', () => {
    assert.ok(Object.keys(xml).length >= 30, `${Object.keys(xml).length} XML snippets`);
    for (const name of Object.keys(xml)) {
      assert.match(name, /^virt-[a-z0-9]+(-[a-z0-9]+)*$/, name);
      assert.ok(
        !name.startsWith('virt-install-'),
        `${name}: virt-install- is the family of virt-install command lines`,
      );
    }
  });

  it('has at least 30 command lines, in the qemu-, qemu-img-, virsh- and virt-install- families', () => {
    assert.ok(Object.keys(commands).length >= 30, `${Object.keys(commands).length} command snippets`);
    const counts: Record<string, number> = {};
    for (const [name, s] of Object.entries(commands)) {
      assert.match(name, /^(qemu|qemu-img|virsh|virt-install)-[a-z0-9]+(-[a-z0-9]+)*$/, name);
      const program = splitShellWords(expandSnippet(s.body as string | string[]))[0];
      const family = familyProgram(name);
      assert.ok(family?.test(program), `${name} runs ${program}, which its prefix family does not promise`);
      counts[program] = (counts[program] ?? 0) + 1;
    }
    for (const program of ['qemu-system-x86_64', 'qemu-system-aarch64', 'qemu-img', 'virsh', 'virt-install'])
      assert.ok(counts[program] > 0, `no ${program} snippet`);
  });

  it('gives every tab stop a default, uses only known variables and offers real choices', () => {
    for (const [name, s] of Object.entries(all)) {
      const body = s.body as string | string[];
      const nodes = parseSnippet(body);
      const withDefault = new Set<number>();
      const used = new Set<number>();
      walk(nodes, (n) => {
        if (n.kind === 'choice') {
          withDefault.add(n.index);
          used.add(n.index);
          assert.ok(n.options.length >= 2, `${name}: choice $${n.index} has one option`);
          assert.equal(new Set(n.options).size, n.options.length, `${name}: choice $${n.index} repeats an option`);
        } else if (n.kind === 'placeholder' && n.index > 0) {
          used.add(n.index);
          if (n.children.length > 0) withDefault.add(n.index);
        }
      });
      for (const i of used) assert.ok(withDefault.has(i), `${name}: $${i} has no default value or choice`);
      const indexes = [...used].sort((a, b) => a - b);
      assert.deepEqual(
        indexes,
        indexes.map((_, i) => i + 1),
        `${name}: tab stops are numbered 1, 2, 3… without gaps`,
      );
      for (const v of snippetVariableNames(body)) {
        assert.ok(KNOWN_SNIPPET_VARIABLES.has(v), `${name}: unknown variable $${v} (escape a literal dollar as \\\\$)`);
      }
    }
  });

  it('have no trailing blanks and indent with tabs', () => {
    for (const [name, s] of Object.entries(all)) {
      for (const line of snippetBodyText(s.body as string | string[]).split('\n')) {
        assert.doesNotMatch(line, /[ \t]$/, `${name}: trailing blank in "${line}"`);
        assert.doesNotMatch(
          line,
          /^ +/,
          `${name}: indent with \\t (VS Code turns it into the user's indentation): "${line}"`,
        );
      }
    }
  });

  it('write long command lines as readable continued lines', () => {
    for (const [name, s] of Object.entries(commands)) {
      const lines = snippetBodyText(s.body as string | string[]).split('\n');
      lines.forEach((line, i) => {
        const last = i === lines.length - 1;
        if (!last) assert.match(line, / \\$/, `${name}: line ${i + 1} must end with " \\"`);
        else assert.doesNotMatch(line, /\\$/, `${name}: the last line must not end with a backslash`);
        if (i > 0) assert.match(line, /^\t\S/, `${name}: continued line ${i + 1} is indented by one tab`);
      });
      const expanded = expandSnippet(s.body as string | string[]);
      for (const line of expanded.split('\n'))
        assert.ok(line.replace(/\t/g, '  ').length <= 100, `${name}: "${line}" is too long to read`);
      if (expanded.length > 100)
        assert.ok(lines.length > 1, `${name}: a ${expanded.length}-character command needs line continuations`);
      assert.doesNotThrow(() => splitShellWords(expanded), `${name}: one simple command`);
    }
  });

  it('have a Chinese description for every snippet, and none for snippets that do not exist', () => {
    for (const name of Object.keys(all)) {
      const text = zh[name];
      assert.ok(typeof text === 'string' && text.trim(), `snippets/descriptions.zh-cn.json: "${name}" is missing`);
      assert.match(text, /[\u4e00-\u9fff]/, `snippets/descriptions.zh-cn.json: "${name}" is not Chinese`);
      assert.notEqual(text, all[name].description, `"${name}": the Chinese description is the English one`);
    }
    assert.deepEqual(
      Object.keys(zh).filter((k) => !(k in all)),
      [],
      'descriptions.zh-cn.json names snippets that do not exist',
    );
  });

  it('expand XML snippets to balanced, quoted markup', () => {
    for (const [name, s] of Object.entries(xml)) {
      const text = expandSnippet(s.body as string | string[]);
      const stack: string[] = [];
      for (const m of text.matchAll(/<(\/?)([A-Za-z][\w:.-]*)([^>]*?)(\/?)>/g)) {
        const [, close, tag, attrs, selfClosing] = m;
        if (close) assert.equal(stack.pop(), tag, `${name}: </${tag}> closes the wrong element`);
        else if (!selfClosing) stack.push(tag);
        for (const a of attrs.matchAll(/\s([\w:-]+)=(\S+)/g))
          assert.match(a[2], /^'[^']*'$/, `${name}: ${a[1]} should be single-quoted`);
      }
      assert.deepEqual(stack, [], `${name}: unclosed elements`);
    }
  });
});
