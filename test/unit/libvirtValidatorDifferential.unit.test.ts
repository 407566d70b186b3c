// The in-process validator must give the same verdict as libvirt's own virt-xml-validate
// (Debian packages libvirt-clients and libxml2-utils) on every document of a corpus: every
// libvirt XML snippet expanded with its defaults, every libvirt XML fixture, and documents
// mutated from those, deterministically (a seeded generator): elements removed, duplicated,
// renamed, swapped; attributes removed, added, given other values; element text changed;
// the text cut short or an end tag broken. Both judge with the same schema, named
// explicitly (the one the original document's root element calls for).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectLibvirtDocumentKind, type LibvirtSchema } from '../../src/core/validation/libvirtDocument';
import { createLibvirtValidator, type LibvirtValidationResult } from '../../src/core/validation/libvirtValidator';
import { nodeSchemaLoader } from '../../src/core/validation/nodeSchemaLoader';
import { validateLibvirtXmlFile } from '../../src/core/validation/virtXmlValidate';
import { scanXml, type ScannedElement } from '../../src/core/validation/xmlTextScan';
import { repoRoot, snippetDocument, xmlSnippets } from './support/libvirtSnippetDocuments';

interface Doc {
  readonly id: string;
  readonly text: string;
  readonly schema: LibvirtSchema;
}

// ---------------------------------------------------------------------------------------
// The corpus.

function xmlFixtures(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    if (statSync(path).isDirectory()) return xmlFixtures(path);
    return f.endsWith('.xml') ? [path] : [];
  });
}

function originals(): Doc[] {
  const docs: Doc[] = [];
  for (const name of Object.keys(xmlSnippets)) {
    const { text, entry } = snippetDocument(name);
    docs.push({ id: `snippet ${name}`, text, schema: entry.schema as LibvirtSchema });
  }
  for (const path of xmlFixtures(join(repoRoot, 'test/fixtures')).sort()) {
    const text = readFileSync(path, 'utf8');
    const schema = detectLibvirtDocumentKind(text);
    if (schema) docs.push({ id: path.slice(repoRoot.length + 1), text, schema });
  }
  return docs;
}

/** mulberry32: a small seeded generator, so the corpus is the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, pick: <T>(items: readonly T[]) => T | undefined) => string | undefined;

const splice = (text: string, start: number, end: number, insert = '') =>
  text.slice(0, start) + insert + text.slice(end);
const inner = (text: string) => scanXml(text).elements.slice(1);
const endTag = (e: ScannedElement) => (e.contentEnd < e.end ? [e.contentEnd, e.end] : undefined);

const MUTATIONS: Record<string, Mutation> = {
  'remove element': (text, pick) => {
    const e = pick(inner(text));
    return e && splice(text, e.start, e.end);
  },
  'duplicate element': (text, pick) => {
    const e = pick(inner(text));
    return e && splice(text, e.end, e.end, text.slice(e.start, e.end));
  },
  'rename element': (text, pick) => {
    const e = pick(inner(text));
    if (!e) return undefined;
    const close = endTag(e);
    const renamed = close ? splice(text, close[0] + 2 + e.name.length, close[0] + 2 + e.name.length, 'x') : text;
    return splice(renamed, e.nameEnd, e.nameEnd, 'x');
  },
  'swap siblings': (text, pick) => {
    const parent = pick(scanXml(text).elements.filter((e) => e.children.length >= 2));
    if (!parent) return undefined;
    const i = Math.floor(pick(parent.children.slice(1).map((_, k) => k)) ?? 0);
    const [a, b] = [parent.children[i], parent.children[i + 1]];
    return (
      text.slice(0, a.start) +
      text.slice(b.start, b.end) +
      text.slice(a.end, b.start) +
      text.slice(a.start, a.end) +
      text.slice(b.end)
    );
  },
  'change attribute value': (text, pick) => {
    const a = pick(scanXml(text).elements.flatMap((e) => e.attributes));
    const value = pick(['bogus', '-1', '', '99999999999999999999', 'yes', '0x10', `${a?.value}x`]);
    return a && splice(text, a.valueStart, a.valueEnd, value);
  },
  'remove attribute': (text, pick) => {
    const a = pick(scanXml(text).elements.flatMap((e) => e.attributes));
    return a && splice(text, a.nameStart, a.valueEnd + 1);
  },
  'add attribute': (text, pick) => {
    const e = pick(inner(text));
    return e && splice(text, e.nameEnd, e.nameEnd, ` ${pick(['unknown', 'type', 'name', 'id'])}='1'`);
  },
  'change text': (text, pick) => {
    const e = pick(
      scanXml(text).elements.filter((x) => x.children.length === 0 && text.slice(x.contentStart, x.contentEnd).trim()),
    );
    return e && splice(text, e.contentStart, e.contentEnd, pick(['bogus', '-5', '', '1.5', 'yes']));
  },
  'break well-formedness': (text, pick) => {
    const e = pick(inner(text).filter((x) => x.contentEnd < x.end));
    if (e && pick([true, false])) return splice(text, e.contentEnd + 2, e.contentEnd + 3, 'Q');
    return text.slice(0, Math.floor(text.length * (pick([0.3, 0.6, 0.9]) ?? 0.5)));
  },
};

function corpus(): Doc[] {
  const docs: Doc[] = [];
  originals().forEach((doc, n) => {
    docs.push(doc);
    const random = generator(0x5eed + n);
    const pick = <T>(items: readonly T[]): T | undefined =>
      items.length ? items[Math.floor(random() * items.length)] : undefined;
    for (const [what, mutate] of Object.entries(MUTATIONS)) {
      const text = mutate(doc.text, pick);
      if (text !== undefined && text !== doc.text) docs.push({ id: `${doc.id}, ${what}`, text, schema: doc.schema });
    }
  });
  return docs;
}

const DOCS = corpus();

// ---------------------------------------------------------------------------------------

/** Runs `work` on every item, `width` at a time. */
async function inParallel<T, R>(
  items: readonly T[],
  width: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i], i);
      }
    }),
  );
  return results;
}

describe('in-process validator against virt-xml-validate', function () {
  this.timeout(180_000);

  it(`gives the same verdict on all ${DOCS.length} documents (snippets, fixtures and their mutations)`, async () => {
    assert.ok(DOCS.length >= 400, `only ${DOCS.length} documents`);
    const validator = createLibvirtValidator(
      nodeSchemaLoader({
        schemaDir: join(repoRoot, 'data/libvirt-schemas'),
        wasmFile: join(repoRoot, 'dist/libxml2.wasm'),
        label: 'bundled',
      }),
    );
    const dir = mkdtempSync(join(tmpdir(), 'virtkit-diff-'));
    const files = DOCS.map((doc, i) => {
      const file = join(dir, `${i}.xml`);
      writeFileSync(file, doc.text);
      return file;
    });
    const started = Date.now();
    const external = await inParallel(DOCS, 2, (doc, i) =>
      validateLibvirtXmlFile(files[i], { schema: doc.schema, timeoutMs: 30_000 }),
    );
    const externalMs = Date.now() - started;
    const inStarted = Date.now();
    const internal: LibvirtValidationResult[] = [];
    for (const doc of DOCS) internal.push(await validator.validate(doc.text, { schema: doc.schema }));
    const internalMs = Date.now() - inStarted;

    const disagreements: string[] = [];
    const counts = { valid: 0, invalid: 0 };
    DOCS.forEach((doc, i) => {
      const a = external[i].status;
      const b = internal[i].status;
      assert.ok(a === 'valid' || a === 'invalid', `${doc.id}: virt-xml-validate said ${JSON.stringify(external[i])}`);
      if (a !== b) {
        disagreements.push(
          `${doc.id} (${doc.schema}): virt-xml-validate ${a}, in-process ${JSON.stringify(internal[i]).slice(0, 400)}\n  file ${files[i]}`,
        );
      } else counts[a]++;
    });
    console.log(
      `      ${DOCS.length} documents (${DOCS.length - originals().length} mutated): ${counts.valid} valid, ${counts.invalid} invalid by both; ` +
        `virt-xml-validate ${externalMs} ms (2 at a time), in-process ${internalMs} ms`,
    );
    if (disagreements.length === 0) rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(disagreements, [], `${disagreements.length} disagreements (files kept in ${dir})`);
    // A corpus that is all valid or all invalid would prove little.
    assert.ok(counts.valid >= 50 && counts.invalid >= 200, JSON.stringify(counts));
  });
});
