// What the installed command-line tools around QEMU and libvirt say about themselves: their
// subcommands and option names, with each one's own one-line help text, read from their help
// output. Used by scripts/capture-tools.mjs (writes data/tools/<tool>.json) and by the drift test
// (test/unit/referenceToolsDrift.unit.test.ts), which runs the same capture against the
// installed tools and compares. Nothing here is a hand-typed list of names: the only constants
// are the tools themselves, where their help lives and how each help screen is laid out.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The tools captured: those the reference explains, one content/tools/<tool>.yaml each. The
 * extension's typed list (src/core/reference/types.ts) is checked against this one in
 * test/unit/referenceTools.unit.test.ts, so the two cannot drift apart.
 */
export const TOOL_NAMES = readdirSync(contentTools())
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

/**
 * content/tools/ of the repository the command runs in. Found from the working directory rather
 * than this file's URL because the unit tests load this module from a CommonJS bundle in out/.
 */
function contentTools() {
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    const tools = join(dir, 'content', 'tools');
    if (existsSync(tools)) return tools;
    if (dirname(dir) === dir) throw new Error('content/tools/ not found: run this from the VirtKit repository');
  }
}

/** Where a tool lives when it is not on PATH (QEMU 7.2 installs its C virtiofsd in /usr/lib/qemu). */
const OFF_PATH = { virtiofsd: ['/usr/libexec/virtiofsd', '/usr/lib/qemu/virtiofsd'] };

/** Runs a tool and returns stdout + stderr, whatever its exit status (help often exits 1). */
export function run(binary, args) {
  try {
    return execFileSync(binary, args, {
      encoding: 'utf8',
      timeout: 20_000,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C', LANG: 'C', COLUMNS: '80' },
    });
  } catch (e) {
    if (e.code === 'ENOENT') throw e;
    return `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

/** The binary of `tool`: on PATH, or at its known off-PATH location; undefined if absent. */
export function findTool(tool) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(`${dir}/${tool}`)) return `${dir}/${tool}`;
  }
  return (OFF_PATH[tool] ?? []).find((p) => existsSync(p));
}

const OPTION_TOKEN = /(?<=^|[\s|,'[(])(--?[A-Za-z0-9][A-Za-z0-9_-]*)/g;
/** Help lines deeper than this are the description column, not an option. */
const MAX_INDENT = 8;

/** First sentence-ish of a help text, bounded, so the bundle stays small. */
function brief(text) {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 160 ? `${t.slice(0, 157).replace(/\s+\S*$/, '')} …` : t;
}

/**
 * Options of a help screen laid out as "  -x, --long=ARG    description" (GNU, argparse,
 * virsh, swtpm's "-p|--port <port> : description"), each with its description, joined with the
 * continuation lines below it. Returns `{ name: help }` in the order found.
 */
export function parseOptionLines(text) {
  const out = {};
  let last = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\s+$/, '');
    const indent = line.length - line.trimStart().length;
    const body = line.trimStart();
    if (/^\[?'?--?[A-Za-z0-9]/.test(body) && indent <= MAX_INDENT) {
      // The head is the run of option-like columns ("-h   --help" has two), then the description.
      const [first, ...rest] = body.split(/\s{2,}|\s:\s|(?<=>):\s/);
      const more = rest.findIndex((c) => !/^\[?'?--?[A-Za-z]/.test(c));
      const columns = more < 0 ? rest.length : more;
      const head = [first, ...rest.slice(0, columns)].join(' ');
      const desc = rest.slice(columns).join(' ');
      last = [...head.matchAll(OPTION_TOKEN)].map((m) => m[1]).filter((n) => !/^-\d/.test(n));
      for (const n of last) if (!(n in out)) out[n] = desc;
      continue;
    }
    if (indent > MAX_INDENT && last.length && body) {
      // A description on its own line or continued: add it to the options just read.
      for (const n of last) if (out[n].length < 160) out[n] = `${out[n]} ${body.replace(/^:\s*/, '')}`.trim();
      continue;
    }
    last = [];
  }
  for (const k of Object.keys(out)) out[k] = brief(out[k]);
  return out;
}

/** Option names in a usage synopsis (`[-f fmt] [--output=ofmt] -o options`). */
export function parseSynopsisOptions(synopsis) {
  return [...synopsis.matchAll(OPTION_TOKEN)].map((m) => m[1]).filter((n) => !/^-\d/.test(n));
}

function firstLine(text) {
  return (
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? ''
  );
}

// ── per tool ──────────────────────────────────────────────────────────────────────────────────

function captureQemuImg(bin) {
  const help = run(bin, ['--help']);
  const version = /version ([^\s,]+)/.exec(firstLine(run(bin, ['--version'])))?.[1] ?? '';
  const options = parseOptionLines(help.slice(0, help.indexOf('Command syntax:')));
  const subcommands = {};
  const syntax = help.slice(help.indexOf('Command syntax:'), help.indexOf('Command parameters:'));
  for (const line of syntax.split('\n').slice(1)) {
    const m = /^ {2}([a-z]+) (.*)$/.exec(line);
    if (!m) continue;
    const opts = {};
    for (const n of parseSynopsisOptions(m[2])) opts[n] = '';
    subcommands[m[1]] = { summary: brief(`${m[1]} ${m[2]}`), options: opts };
  }
  // The option notes under "Command parameters" ('-c' indicates …) are the tool's own help.
  const params = help.slice(help.indexOf('Command parameters:'));
  for (const m of params.matchAll(/^ {2}'(-[A-Za-z])' (.*(?:\n {4,}.*)*)/gm)) {
    for (const sub of Object.values(subcommands)) if (m[1] in sub.options) sub.options[m[1]] = brief(m[2]);
  }
  // `-o` keys: every format that answers `create -f FMT -o help` with a list of options.
  const formats = (/Supported formats: (.*)/.exec(help)?.[1] ?? '').split(/\s+/).filter(Boolean);
  const keys = {};
  for (const fmt of formats) {
    const out = run(bin, ['create', '-f', fmt, '-o', 'help']);
    if (!/^Supported .* options:/m.test(out)) continue;
    for (const m of out.matchAll(/^ {2}([A-Za-z0-9_.-]+)=<[^>]*>\s+- (.*)$/gm)) {
      const k = (keys[m[1]] ??= { help: brief(m[2]), formats: [] });
      k.formats.push(fmt);
    }
  }
  return { version, options, subcommands, keys: { '-o': sortKeys(keys) } };
}

function captureQemuNbd(bin) {
  return {
    version: /qemu-nbd (\S+)/.exec(firstLine(run(bin, ['--version'])))?.[1] ?? '',
    options: parseOptionLines(run(bin, ['--help'])),
  };
}

function captureVirsh(bin) {
  const top = run(bin, ['--help']);
  const options = parseOptionLines(top.slice(0, top.indexOf('commands (non interactive mode)')));
  const subcommands = {};
  for (const m of run(bin, ['help']).matchAll(/^ {4}(\S+) {2,}(.*)$/gm)) {
    const help = run(bin, ['help', m[1]]);
    const at = help.indexOf('\n  OPTIONS');
    subcommands[m[1]] = { summary: brief(m[2]), options: at < 0 ? {} : parseOptionLines(help.slice(at + 10)) };
  }
  return { version: firstLine(run(bin, ['--version'])), options, subcommands: sortKeys(subcommands) };
}

function captureVirtManagerTool(bin) {
  return { version: firstLine(run(bin, ['--version'])), options: parseOptionLines(run(bin, ['--help'])) };
}

function captureSwtpm(bin) {
  const version = /version ([^\s,]+)/.exec(firstLine(run(bin, ['--version'])))?.[1] ?? '';
  const usage = /Usage: \S*swtpm (\S+)/.exec(run(bin, ['--help']))?.[1] ?? '';
  const subcommands = {};
  for (const sub of usage.split('|').filter(Boolean)) {
    subcommands[sub] = { summary: '', options: parseOptionLines(run(bin, [sub, '--help'])) };
  }
  return { version, options: {}, subcommands };
}

function captureVirtiofsd(bin) {
  const help = run(bin, ['--help']);
  const version = /version ([^\s,]+)/.exec(firstLine(run(bin, ['--version'])))?.[1] ?? '';
  const keys = {};
  // "-o cache=<mode>  …", "-o flock|no_flock", "-o posix_acl/no_posix_acl": each spelling is a key.
  for (const m of help.matchAll(/^ {2,8}-o ([A-Za-z0-9_|/]+)(?:=\S*)?(?:\s{2,}(.*))?$/gm)) {
    for (const k of m[1].split(/[|/]/)) if (k) keys[k] ??= { help: brief(m[2] ?? '') };
  }
  return { version, options: parseOptionLines(help), keys: { '-o': sortKeys(keys) } };
}

const CAPTURE = {
  'qemu-img': captureQemuImg,
  'qemu-nbd': captureQemuNbd,
  virsh: captureVirsh,
  'virt-install': captureVirtManagerTool,
  'virt-xml': captureVirtManagerTool,
  'virt-clone': captureVirtManagerTool,
  swtpm: captureSwtpm,
  virtiofsd: captureVirtiofsd,
};

function sortKeys(o) {
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, o[k]]),
  );
}

/** Captures one tool; undefined when it is not installed. */
export function captureTool(tool) {
  const bin = findTool(tool);
  if (!bin) return undefined;
  return { tool, ...CAPTURE[tool](bin) };
}
