// Completion and checks for QEMU command lines (`qemu-system-x86_64 -machine q35 -device …`) in
// any text: shell scripts, Markdown code blocks, plain text. The command lines are found and
// split by src/core/reference/qemuContext.ts (the same code as the hovers: `\` continuations,
// quotes, `,,` escapes); what is valid comes from the data the installed QEMU gave
// (data/qemu/<arch>.json), chosen by the program name. Other programs and architectures get
// nothing. Results are plain data: completion items, and diagnostics as codes with arguments,
// worded (and translated) by the VS Code adapter.
import {
  argumentItems,
  normalizeOption,
  qemuCommandAt,
  qemuCommands,
  type QemuCommand,
  type QemuItem,
  type ShellWord,
} from '../reference/qemuContext';
import { archOfProgram, type QemuArch, type QemuData, type QemuDevice, type QemuRemovals } from './data';

/** Where the service finds its data; `data` may return undefined (not loaded, not captured). */
export interface QemuDataSource {
  data(arch: QemuArch): QemuData | undefined;
  removals?: QemuRemovals;
}

export type QemuCompletionKind =
  'option' | 'machine' | 'cpu' | 'accel' | 'device' | 'backend' | 'property' | 'value' | 'id';

export interface QemuCompletion {
  label: string;
  kind: QemuCompletionKind;
  /** The text the item replaces: [start, end) in the input. */
  start: number;
  end: number;
  /** `-help`'s argument hint of an option (`[type=]name[,prop[=value][,...]]`), empty for none. */
  hint?: string;
  /** A property's type (`bool`, `uint32`) and default, as QEMU prints them. */
  type?: string;
  default?: string;
  /** QEMU's own one-line description (English, as QEMU prints it). */
  desc?: string;
}

export type QemuDiagnosticCode =
  | 'unknown-option'
  | 'removed-option'
  | 'removed-later'
  | 'deprecated-option'
  | 'unknown-device'
  | 'device-unavailable'
  | 'unknown-property'
  | 'unknown-type'
  | 'unused-id'
  | 'missing-id'
  | 'duplicate-address';

export interface QemuDiagnostic {
  code: QemuDiagnosticCode;
  severity: 'error' | 'warning' | 'information';
  start: number;
  end: number;
  /**
   * The code's arguments, in order: unknown-option [option]; removed-option [option, release];
   * removed-later [option, release, this QEMU's version]; deprecated-option [option, since];
   * unknown-device [device]; device-unavailable [device, QEMU's error]; unknown-property
   * [property, device]; unknown-type [name, option]; unused-id [id, option]; missing-id [id,
   * option that would define it]; duplicate-address [bus, addr].
   */
  args: string[];
  /** The QEMU version the check used. */
  qemu: string;
}

// ── how QEMU reads its options ─────────────────────────────────────────────────────────────────
// Parser knowledge rather than data: which option's argument names what, mirrored from QEMU's
// own option handling (the hovers use the same in qemuContext.ts).

type TypeList = 'machines' | 'cpus' | 'accels' | 'devices' | '-netdev' | '-chardev' | '-object' | '-blockdev';

/** Options whose argument starts with (or names by `key=`) a type, and where its names come from. */
const TYPED: Record<string, { list: TypeList; key?: string }> = {
  '-machine': { list: 'machines', key: 'type' },
  '-M': { list: 'machines', key: 'type' },
  '-cpu': { list: 'cpus' },
  '-accel': { list: 'accels', key: 'accel' },
  '-device': { list: 'devices', key: 'driver' },
  '-netdev': { list: '-netdev', key: 'type' },
  '-nic': { list: '-netdev', key: 'type' },
  '-chardev': { list: '-chardev', key: 'backend' },
  '-object': { list: '-object', key: 'qom-type' },
  '-blockdev': { list: '-blockdev', key: 'driver' },
};

/**
 * Options whose names are not checked: `-cpu host` and `-accel kvm` exist only in a QEMU built
 * for its host's architecture (the aarch64 data, captured on x86, has neither), and `-nic none`
 * is a word of -nic itself, not a backend.
 */
const UNCHECKED_TYPES = new Set(['-cpu', '-accel', '-nic']);

/** Keys QEMU's -device handling reads itself, besides the device's properties. */
const DEVICE_KEYS = ['bus', 'id'];

/** Keys whose value is the id of something another option defines. */
const REFERENCES: Record<string, string> = { netdev: '-netdev', chardev: '-chardev', drive: '-drive' };

/** Words that ask QEMU for a list instead of naming something. */
const HELP = new Set(['help', '?']);

const OPTION_RE = /^--?[A-Za-z][A-Za-z0-9_.-]*$/;

// ── the command's options and their arguments ──────────────────────────────────────────────────

interface Use {
  /** The option, normalized (`--device` → `-device`). */
  option: string;
  word: ShellWord;
  arg?: ShellWord;
  /** The arg's items (undefined for JSON arguments and options without keys). */
  items?: QemuItem[];
}

function isOptionWord(w: ShellWord): boolean {
  return !w.quoted && OPTION_RE.test(w.chars);
}

/**
 * Does `option` take an argument? As `-help` says (a hint after the name); an unknown option is
 * given the next word unless that looks like an option.
 */
function takesArgument(data: QemuData, option: string, next: ShellWord | undefined): boolean {
  const known = data.options[option];
  if (known) return known.args.length > 0;
  return next !== undefined && !isOptionWord(next);
}

function uses(command: QemuCommand, data: QemuData): Use[] {
  const out: Use[] = [];
  const { words } = command;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!isOptionWord(w)) continue;
    const option = normalizeOption(w.chars);
    const use: Use = { option, word: w };
    if (i + 1 < words.length && takesArgument(data, option, words[i + 1])) {
      use.arg = words[++i];
      if (!use.arg.chars.startsWith('{')) use.items = argumentItems(use.arg);
    }
    out.push(use);
  }
  return out;
}

/** The type an argument names: its first item when that is a bare word, else the value of `key=`. */
function typeItem(items: QemuItem[], key: string | undefined): QemuItem | undefined {
  const first = items[0];
  if (first && first.value === undefined && first.key !== '') return first;
  return key === undefined ? undefined : items.find((it) => it.key === key && it.value !== undefined);
}
const typeName = (it: QemuItem | undefined): string | undefined => (it ? (it.value ?? it.key) : undefined);

// Per data object: device aliases, so that `virtio-net` finds `virtio-net-pci`.
const aliasCache = new WeakMap<QemuData, Map<string, string>>();
function deviceNamed(data: QemuData, name: string): [string, QemuDevice] | undefined {
  let aliases = aliasCache.get(data);
  if (!aliases) {
    aliases = new Map();
    for (const [n, d] of Object.entries(data.devices)) if (d.alias) aliases.set(d.alias, n);
    aliasCache.set(data, aliases);
  }
  const real = data.devices[name] ? name : aliases.get(name);
  return real ? [real, data.devices[real]] : undefined;
}

function typeNames(data: QemuData, list: TypeList): string[] {
  switch (list) {
    case 'machines':
      return Object.keys(data.machines);
    case 'cpus':
      return Object.keys(data.cpus.models);
    case 'accels':
      return data.accels;
    case 'devices':
      return Object.keys(data.devices);
    default:
      return Object.keys(data.backends[list].types);
  }
}

function typeDesc(data: QemuData, list: TypeList, name: string): string | undefined {
  if (list === 'machines') return data.machines[name];
  if (list === 'cpus') return data.cpus.models[name];
  if (list === 'devices') return data.devices[name]?.desc;
  return undefined;
}

const KIND: Record<TypeList, QemuCompletionKind> = {
  machines: 'machine',
  cpus: 'cpu',
  accels: 'accel',
  devices: 'device',
  '-netdev': 'backend',
  '-chardev': 'backend',
  '-object': 'backend',
  '-blockdev': 'backend',
};

/**
 * The CPU object of a `-cpu` model (`host` → `host-x86_64-cpu`), whose properties `-cpu host,…`
 * sets. The suffix is the one most models share among the CPU devices QEMU lists.
 */
const cpuSuffixCache = new WeakMap<QemuData, string | null>();
function cpuDevice(data: QemuData, model: string): QemuDevice | undefined {
  let suffix = cpuSuffixCache.get(data);
  if (suffix === undefined) {
    const counts = new Map<string, number>();
    const names = Object.keys(data.devices).filter((n) => data.devices[n].category === 'CPU devices');
    for (const m of Object.keys(data.cpus.models))
      for (const n of names)
        if (n.startsWith(`${m}-`)) counts.set(n.slice(m.length), (counts.get(n.slice(m.length)) ?? 0) + 1);
    suffix = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
    cpuSuffixCache.set(data, suffix);
  }
  return suffix === null ? undefined : data.devices[`${model}${suffix}`];
}

// ── completion ─────────────────────────────────────────────────────────────────────────────────

/** Completion items at `offset` in `text`; undefined when the offset is not in a QEMU command line with data. */
export function qemuCompletions(
  text: string,
  offset: number,
  source: QemuDataSource,
): { arch: QemuArch; items: QemuCompletion[] } | undefined {
  const at = qemuCommandAt(text, offset);
  if (!at) return undefined;
  const arch = archOfProgram(at.command.program);
  const data = arch && source.data(arch);
  if (!arch || !data) return undefined;
  const { words } = at.command;
  const word = at.index >= 0 ? words[at.index] : undefined;
  const prevIndex = (at.index >= 0 ? at.index : at.before) - 1;
  const prev = prevIndex >= 0 ? words[prevIndex] : undefined;
  // Is the cursor on the argument of the option before it? Not if that word is itself an
  // argument (`-name -m |`), nor, for an option QEMU does not know, if the word looks like an option.
  const onArgument =
    prev !== undefined &&
    isOptionWord(prev) &&
    !(prevIndex >= 1 && isArgumentOfPrevious(data, words, prevIndex)) &&
    takesArgument(data, normalizeOption(prev.chars), word);
  if (onArgument) {
    const ws = word ?? { start: offset, end: offset, chars: '', offsets: [], quoted: false };
    if (ws.chars.startsWith('{')) return { arch, items: [] };
    return { arch, items: argumentCompletions(data, normalizeOption(prev.chars), ws, offset, words) };
  }
  if (word && !word.chars.startsWith('-')) return { arch, items: [] };
  const start = word ? word.start : offset;
  const end = word ? word.end : offset;
  const items = Object.entries(data.options).map(([name, o]): QemuCompletion => ({
    label: name,
    kind: 'option',
    start,
    end,
    hint: o.args[0] ?? '',
    desc: o.desc,
  }));
  return { arch, items };
}

/** Is words[i] the argument of the option at words[i - 1]? Walks back so `-m -1`-like chains are read as QEMU would. */
function isArgumentOfPrevious(data: QemuData, words: ShellWord[], i: number): boolean {
  // Find the start of the run of option-like words ending at i, then read it forwards.
  let k = i;
  while (k > 0 && isOptionWord(words[k - 1])) k--;
  let argument = false;
  for (let j = k; j <= i; j++) {
    if (j === i) return argument;
    argument = !argument && takesArgument(data, normalizeOption(words[j].chars), words[j + 1]);
  }
  return false;
}

function argumentCompletions(
  data: QemuData,
  option: string,
  word: ShellWord,
  offset: number,
  words: ShellWord[],
): QemuCompletion[] {
  const items = word.chars === '' ? [] : argumentItems(word);
  // The item the cursor is in: the last one that starts at or before it.
  let item: QemuItem | undefined;
  for (const it of items) if (it.keyStart <= offset) item = it;
  const index = item?.index ?? 0;
  const onValue = item !== undefined && item.value !== undefined && offset > item.keyEnd;
  const typed = TYPED[option];
  const type = typeName(typeItem(items, typed?.key));

  const list = (
    labels: Iterable<string>,
    kind: QemuCompletionKind,
    start: number,
    end: number,
    extra?: (l: string) => Partial<QemuCompletion>,
  ) => [...labels].map((label): QemuCompletion => ({ label, kind, start, end, ...extra?.(label) }));

  if (onValue && item) {
    const start = item.valueStart as number;
    const end = item.valueEnd as number;
    if (typed && item.key === typed.key) return types(data, typed.list, start, end);
    if ((option === '-machine' || option === '-M') && item.key === 'accel')
      return list(data.accels, 'accel', start, end);
    const refOption = REFERENCES[item.key] ?? (item.key === 'memdev' ? '-object' : undefined);
    if (refOption) return list(idsDefined(data, words, refOption), 'id', start, end);
    if (option === '-device' && type) {
      const prop = deviceNamed(data, type)?.[1].props?.[item.key];
      const values = prop ? valuesOfType(prop[0]) : [];
      return list(values, 'value', start, end);
    }
    return [];
  }

  const keyStart = item ? item.keyStart : offset;
  const keyEnd = item ? item.keyEnd : offset;
  if (index === 0 && typed && (item === undefined || item.value === undefined))
    return types(data, typed.list, keyStart, keyEnd);

  // A key.
  if (option === '-device') {
    const props = type ? deviceNamed(data, type)?.[1].props : undefined;
    if (!props) return [];
    return [
      ...list(Object.keys(props), 'property', keyStart, keyEnd, (k) => ({
        type: props[k][0],
        ...(props[k][1] !== undefined ? { default: props[k][1] } : {}),
      })),
      ...list(
        DEVICE_KEYS.filter((k) => !props[k]),
        'property',
        keyStart,
        keyEnd,
      ),
    ];
  }
  if (option === '-cpu') {
    const dev = type ? cpuDevice(data, type) : undefined;
    const names = dev?.props ? Object.keys(dev.props) : data.cpus.flags;
    return list(names, 'property', keyStart, keyEnd, (k) => {
      const p = dev?.props?.[k];
      return p ? { type: p[0], ...(p[1] !== undefined ? { default: p[1] } : {}) } : {};
    });
  }
  const backend =
    typed && typed.list.startsWith('-') ? data.backends[typed.list as keyof QemuData['backends']] : undefined;
  if (backend) {
    const keys = new Set([...(type ? (backend.types[type] ?? []) : []), ...(backend.keys ?? [])]);
    return list(keys, 'property', keyStart, keyEnd);
  }
  return list(data.optionKeys[option] ?? [], 'property', keyStart, keyEnd);
}

function types(data: QemuData, list: TypeList, start: number, end: number): QemuCompletion[] {
  return typeNames(data, list).map((label): QemuCompletion => {
    const desc = typeDesc(data, list, label);
    return { label, kind: KIND[list], start, end, ...(desc ? { desc } : {}) };
  });
}

/** Values QEMU accepts for a property type with a fixed set (`bool`, `OnOffAuto`). */
function valuesOfType(type: string): string[] {
  if (type === 'bool') return ['on', 'off'];
  if (type === 'OnOffAuto') return ['on', 'off', 'auto'];
  if (type === 'OnOffSplit') return ['on', 'off', 'split'];
  return [];
}

function idsDefined(data: QemuData, words: ShellWord[], option: string): string[] {
  const command: QemuCommand = { program: '', words, start: 0, end: 0 };
  const ids = new Set<string>();
  for (const u of uses(command, data)) {
    if (u.option !== option || !u.items) continue;
    const id = u.items.find((it) => it.key === 'id' && it.value);
    if (id?.value) ids.add(id.value);
  }
  return [...ids];
}

// ── checks ─────────────────────────────────────────────────────────────────────────────────────

/** Compares release numbers (`7.2.22` vs `9.0`) part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

/**
 * The problems of every QEMU command line in `text` that has data: at most `limit` command lines
 * and, since a listing nobody can read helps no one, at most MAX_PROBLEMS problems.
 */
export function qemuDiagnostics(text: string, source: QemuDataSource, limit = 500): QemuDiagnostic[] {
  const out: QemuDiagnostic[] = [];
  for (const command of qemuCommands(text, limit)) {
    const arch = archOfProgram(command.program);
    const data = arch && source.data(arch);
    if (data) checkCommand(command, data, source.removals, out);
    if (out.length >= MAX_PROBLEMS) break;
  }
  return out.slice(0, MAX_PROBLEMS);
}

const MAX_PROBLEMS = 1000;

function checkCommand(
  command: QemuCommand,
  data: QemuData,
  removals: QemuRemovals | undefined,
  out: QemuDiagnostic[],
): void {
  const report = (
    code: QemuDiagnosticCode,
    severity: QemuDiagnostic['severity'],
    range: { start: number; end: number },
    ...args: string[]
  ): void => {
    out.push({ code, severity, start: range.start, end: range.end, args, qemu: data.version });
  };
  const all = uses(command, data);
  const defined = new Map<string, { id: string; item: QemuItem; used: boolean }[]>();
  const references: { option: string; id: string; range: { start: number; end: number } }[] = [];
  const addresses = new Map<string, true>();
  let readsConfig = false;

  for (const u of all) {
    const { option } = u;
    const known = data.options[option];
    const removedIn = removals?.removed[option];
    if (option === '-readconfig') readsConfig = true;
    if (!known) {
      if (removedIn) report('removed-option', 'error', u.word, option, removedIn);
      else report('unknown-option', 'error', u.word, option);
      continue;
    }
    if (removedIn && compareVersions(removedIn, data.version) > 0)
      report('removed-later', 'information', u.word, option, removedIn, data.version);
    const deprecated = removals?.deprecated[option];
    if (deprecated) report('deprecated-option', 'warning', u.word, option, deprecated);
    if (!u.items) continue;

    // What the argument names.
    const typed = TYPED[option];
    const tItem = typed ? typeItem(u.items, typed.key) : undefined;
    const type = typeName(tItem);
    if (typed && tItem && type !== undefined && !HELP.has(type)) {
      const range =
        tItem.value !== undefined
          ? { start: tItem.valueStart as number, end: tItem.valueEnd as number }
          : { start: tItem.keyStart, end: tItem.keyEnd };
      if (option === '-device') {
        const dev = deviceNamed(data, type);
        if (!dev) report('unknown-device', 'error', range, type);
        else if (dev[1].error) report('device-unavailable', 'warning', range, dev[0], dev[1].error);
        else if (dev[1].props) {
          for (const it of u.items) {
            if (it === tItem || it.key === '' || HELP.has(it.key) || it.key === typed.key) continue;
            if (!Object.prototype.hasOwnProperty.call(dev[1].props, it.key) && !DEVICE_KEYS.includes(it.key))
              report('unknown-property', 'error', { start: it.keyStart, end: it.keyEnd }, it.key, dev[0]);
          }
        }
      } else if (!UNCHECKED_TYPES.has(option) && !typeNames(data, typed.list).includes(type)) {
        report('unknown-type', 'error', range, type, option);
      }
    }

    // Ids defined and referenced.
    for (const it of u.items) {
      if (it.value === undefined || it.value === '') continue;
      if (it.key === 'id' && (option === '-netdev' || option === '-chardev')) {
        const list = defined.get(option) ?? [];
        list.push({ id: it.value, item: it, used: false });
        defined.set(option, list);
      } else if (REFERENCES[it.key] && it.key !== 'drive') {
        references.push({
          option: REFERENCES[it.key],
          id: it.value,
          range: { start: it.valueStart as number, end: it.valueEnd as number },
        });
      }
    }
    // `-serial chardev:ID`, `-monitor chardev:ID`, `-gdb chardev:ID`.
    const m = /^chardev:(.+)$/.exec(u.arg?.chars ?? '');
    if (m && u.arg) references.push({ option: '-chardev', id: m[1], range: { start: u.arg.start, end: u.arg.end } });

    // Two devices at one address of one bus.
    if (option === '-device') {
      const bus = u.items.find((it) => it.key === 'bus' && it.value);
      const addr = u.items.find((it) => it.key === 'addr' && it.value);
      if (bus?.value && addr?.value) {
        const key = `${bus.value}\u0000${normalizeAddress(addr.value)}`;
        if (addresses.has(key))
          report(
            'duplicate-address',
            'error',
            { start: addr.keyStart, end: addr.valueEnd as number },
            bus.value,
            addr.value,
          );
        addresses.set(key, true);
      }
    }
  }

  if (readsConfig) return; // ids may come from the configuration file
  for (const r of references) {
    const defs = defined.get(r.option)?.filter((d) => d.id === r.id) ?? [];
    for (const d of defs) d.used = true;
    if (!defs.length) report('missing-id', 'error', r.range, r.id, r.option);
  }
  for (const [option, defs] of defined)
    for (const d of defs)
      if (!d.used)
        report(
          'unused-id',
          'warning',
          { start: d.item.valueStart as number, end: d.item.valueEnd as number },
          d.id,
          option,
        );
}

/** A PCI address as QEMU reads it: `slot[.function]` in hexadecimal (`0x3`, `03`, `3.0` are one address). */
function normalizeAddress(addr: string): string {
  const m = /^(?:0x)?([0-9a-f]+)(?:\.(?:0x)?([0-9a-f]+))?$/i.exec(addr.trim());
  return m ? `${parseInt(m[1], 16)}.${parseInt(m[2] ?? '0', 16)}` : addr;
}
