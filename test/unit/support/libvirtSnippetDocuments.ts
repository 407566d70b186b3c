// The libvirt XML snippets as whole documents, the way the tests hand them to validators:
// expanded with every default, and a fragment placed into its minimal wrapper document
// (test/fixtures/snippets/xml-snippets.json says which). Shared by the test that runs the
// real tools on snippets and by the in-process validator's differential test.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expandSnippet } from '../../../src/core/snippets/expandSnippet';

export const repoRoot = resolve(__dirname, '../..');
const fixtures = join(repoRoot, 'test/fixtures/snippets');

export interface Snippet {
  prefix: string;
  description: string;
  body: string | string[];
}
export type SnippetFile = Record<string, Snippet>;

/** How one XML snippet is checked: test/fixtures/snippets/xml-snippets.json. */
export interface XmlEntry {
  schema: string;
  wrapper: string | null;
  testDriver?: { expectError: string; reason: string };
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

export const xmlSnippets = readJson<SnippetFile>(join(repoRoot, 'snippets/libvirt-xml.json'));
export const xmlTable = readJson<{ snippets: Record<string, XmlEntry> }>(join(fixtures, 'xml-snippets.json')).snippets;

/** The document for snippet `name`, or an Error saying why there is none. */
export function snippetDocument(name: string): { text: string; entry: XmlEntry } {
  const entry = xmlTable[name];
  if (!entry) throw new Error(`${name} has no entry in test/fixtures/snippets/xml-snippets.json`);
  let text = expandSnippet(xmlSnippets[name].body);
  if (entry.wrapper) {
    const wrapper = readFileSync(join(fixtures, 'wrappers', `${entry.wrapper}.xml`), 'utf8');
    if (!wrapper.includes('<!--SNIPPET-->')) throw new Error(`wrapper ${entry.wrapper} has no <!--SNIPPET--> line`);
    text = wrapper.replace('<!--SNIPPET-->', text);
  }
  return { text, entry };
}
