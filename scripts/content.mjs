// Build-time loader for content/: turns the reviewer-facing markdown and YAML into the JSON
// the extension bundles. Malformed content stops the build with the file and the reason,
// so a bad edit never reaches users. Deeper integrity checks (links, aliases, both
// languages) are unit tests over the loaded result.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

export const LANGS = ['en', 'zh-cn'];
const MARK = { en: '<!-- en -->', 'zh-cn': '<!-- zh-cn -->' };

function fail(file, message) {
  throw new Error(`content: ${file}: ${message}`);
}

function list(file, value, what) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number'))
    fail(file, `${what} must be a list of strings`);
  return value.map(String);
}

/** Parses one concept file into the bundled shape. */
export function parseConcept(file, source) {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n([\s\S]*)$/.exec(source);
  if (!m) fail(file, 'no front matter (--- ... ---) at the top');
  let fm;
  try {
    fm = YAML.parse(m[1]);
  } catch (e) {
    fail(file, `front matter is not valid YAML: ${e.message}`);
  }
  const body = m[2];
  const at = Object.fromEntries(LANGS.map((l) => [l, body.indexOf(MARK[l])]));
  if (at.en < 0 || at['zh-cn'] < 0 || at['zh-cn'] < at.en)
    fail(file, 'the body needs <!-- en --> and then <!-- zh-cn -->');
  const article = {
    en: body.slice(at.en + MARK.en.length, at['zh-cn']).trim(),
    'zh-cn': body.slice(at['zh-cn'] + MARK['zh-cn'].length).trim(),
  };
  const text = {};
  for (const lang of LANGS) {
    const b = fm[lang];
    if (!b || typeof b !== 'object') fail(file, `missing the "${lang}" block`);
    if (typeof b.name !== 'string' || typeof b.definition !== 'string')
      fail(file, `${lang}: name and definition are required`);
    text[lang] = {
      name: b.name.trim(),
      aliases: list(file, b.aliases, `${lang}.aliases`),
      wordAliases: list(file, b.wordAliases, `${lang}.wordAliases`),
      keywords: list(file, b.keywords, `${lang}.keywords`),
      definition: b.definition.trim().replace(/\s+/g, ' '),
      article: article[lang],
    };
  }
  const references = (fm.references ?? []).map((r) => {
    if (!r || typeof r.title !== 'string' || typeof r.url !== 'string')
      fail(file, 'each reference needs title and url');
    return { title: r.title, url: r.url };
  });
  return {
    id: String(fm.id),
    category: String(fm.category),
    cpuFlags: list(file, fm.cpuFlags, 'cpuFlags'),
    related: list(file, fm.related, 'related'),
    references,
    text,
  };
}

/** Loads every content file below `dir` (the repository's content/ folder). */
export function loadContent(dir) {
  const conceptDir = join(dir, 'concepts');
  const files = readdirSync(conceptDir)
    .filter((f) => f.endsWith('.md'))
    .sort();
  const concepts = files.map((f) => {
    const c = parseConcept(f, readFileSync(join(conceptDir, f), 'utf8'));
    if (`${c.id}.md` !== f) fail(f, `id "${c.id}" differs from the file name`);
    return c;
  });
  const categories = YAML.parse(readFileSync(join(dir, 'categories.yaml'), 'utf8'));
  let cpuFlags = [];
  try {
    cpuFlags = YAML.parse(readFileSync(join(dir, 'cpu-flags.yaml'), 'utf8')) ?? [];
  } catch (e) {
    if (e.code !== 'ENOENT') throw new Error(`content: cpu-flags.yaml: ${e.message}`);
  }
  const libvirt = loadReference(dir, 'libvirt.yaml');
  const qemu = loadReference(dir, 'qemu.yaml');
  // One file per tool (content/tools/qemu-img.yaml, virsh.yaml, …), in one list.
  const tools = readdirSync(join(dir, 'tools'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => loadReference(dir, join('tools', f)));
  const toolHelp = loadToolHelp(join(dir, '..', 'data', 'tools'));
  return { categories, concepts, cpuFlags, libvirt, qemu, tools, toolHelp };
}

/**
 * The tools' own subcommand and option lists (data/tools/*.json, written by
 * scripts/capture-tools.mjs), without the capture's bookkeeping: the fallback hover text and
 * the names hand-written entries are checked against.
 */
function loadToolHelp(dir) {
  let files;
  try {
    files = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort();
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return files.map((f) => {
    let data;
    try {
      data = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      fail(`data/tools/${f}`, `not valid JSON: ${e.message}`);
    }
    const help = { ...data };
    delete help.$comment;
    delete help.captured;
    return help;
  });
}

/**
 * Loads one hover reference file (content/libvirt.yaml, content/qemu.yaml): a YAML list of
 * entries. The file is required. Field-level checks are unit tests over the loaded result.
 */
function loadReference(dir, file) {
  let source;
  try {
    source = readFileSync(join(dir, file), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') fail(file, 'missing: the hover reference data must exist in content/');
    throw e;
  }
  let entries;
  try {
    entries = YAML.parse(source);
  } catch (e) {
    fail(file, `not valid YAML: ${e.message}`);
  }
  if (!Array.isArray(entries)) fail(file, 'must be a YAML list of entries');
  entries.forEach((entry, i) => {
    if (!entry || typeof entry !== 'object' || typeof entry.id !== 'string') fail(file, `entry ${i + 1} has no id`);
  });
  return entries;
}
