// The command line as QEMU reads it: the words of the first qemu-system-* (or qemu-kvm) command
// in the text, found and unquoted by the same code as the hovers and completion (continuation
// lines, quotes), grouped into options with their arguments, and the arguments split into
// `key=value` items with `,,` as a literal comma and the implied first key of options such as
// -device (`virtio-net-pci,netdev=n0` is `driver=virtio-net-pci,netdev=n0`).
import { normalizeOption, qemuCommands, type ShellWord } from '../../reference/qemuContext';
import { archOfProgram, type QemuArch, type QemuData } from '../data';

export interface QemuOpt {
  /** Normalized (`--device` → `-device`). */
  option: string;
  /** The option as written. */
  written: string;
  /** The argument after shell unquoting, undefined for options without one. */
  arg?: string;
  /** A positional word (a disk image): option is ''. */
  positional?: boolean;
}

export interface ParsedCommand {
  program: string;
  arch: QemuArch;
  opts: QemuOpt[];
}

const OPTION_RE = /^--?[A-Za-z][A-Za-z0-9_.-]*$/;
const isOptionWord = (w: ShellWord | undefined): boolean => w !== undefined && !w.quoted && OPTION_RE.test(w.chars);

/**
 * Whether `option` takes an argument, from `-help` as captured in data/qemu (a hint after the
 * name). -help prints a few options with their argument on the description side (`-dtb file`),
 * which the capture reads as a description starting with the argument's name and a gap.
 */
function takesArgument(datas: QemuData[], option: string, next: ShellWord | undefined): boolean {
  for (const data of datas) {
    const known = data.options[option];
    if (!known) continue;
    if (known.args.length > 0) return true;
    return /^[a-z]+ {2,}/.test(known.desc);
  }
  return next !== undefined && !isOptionWord(next);
}

/** The first QEMU command in `text`, or why there is none. */
export function parseCommand(text: string, datas: QemuData[]): ParsedCommand | 'no-qemu-line' | 'unsupported-arch' {
  const command = qemuCommands(text, 1)[0];
  if (!command) return 'no-qemu-line';
  const arch = command.program === 'qemu-kvm' || command.program === 'kvm' ? 'x86_64' : archOfProgram(command.program);
  if (!arch) return 'unsupported-arch';
  const opts: QemuOpt[] = [];
  const words = command.words;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!isOptionWord(w)) {
      opts.push({ option: '', written: w.chars, arg: w.chars, positional: true });
      continue;
    }
    const option = normalizeOption(w.chars);
    const opt: QemuOpt = { option, written: w.chars };
    if (i + 1 < words.length && takesArgument(datas, option, words[i + 1])) opt.arg = words[++i].chars;
    opts.push(opt);
  }
  return { program: command.program, arch, opts };
}

export interface Item {
  key: string;
  value?: string;
}

/** `a=1,b,,c=2,d` → [{a:1}, {b,c:2}, {d}]: QEMU's QemuOpts syntax, `,,` a literal comma. */
export function splitItems(arg: string): Item[] {
  const out: Item[] = [];
  let text = '';
  const push = () => {
    const eq = text.indexOf('=');
    out.push(eq < 0 ? { key: text } : { key: text.slice(0, eq), value: text.slice(eq + 1) });
    text = '';
  };
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i];
    if (c === ',') {
      if (arg[i + 1] === ',') {
        text += ',';
        i++;
        continue;
      }
      push();
      continue;
    }
    text += c;
  }
  push();
  return out.filter((it, k) => it.key !== '' || it.value !== undefined || k === 0);
}

/** Writes items back in QEMU's syntax (the passthrough of a rebuilt argument). */
export function joinItems(items: Item[]): string {
  const e = (s: string) => s.replace(/,/g, ',,');
  return items.map((it) => (it.value === undefined ? e(it.key) : `${e(it.key)}=${e(it.value)}`)).join(',');
}

/** Options whose first bare item is the value of a key QEMU implies. */
export const IMPLIED: Record<string, string> = {
  '-device': 'driver',
  '-netdev': 'type',
  '-nic': 'type',
  '-net': 'type',
  '-chardev': 'backend',
  '-object': 'qom-type',
  '-machine': 'type',
  '-M': 'type',
  '-accel': 'accel',
  '-smp': 'cpus',
  '-m': 'size',
  '-numa': 'type',
  '-boot': 'order',
  '-display': 'type',
  '-tpmdev': 'type',
  '-fsdev': 'fsdriver',
  '-virtfs': 'fsdriver',
  '-audiodev': 'driver',
  '-audio': 'driver',
  '-fw_cfg': 'name',
  '-rtc': '',
  '-name': 'guest',
  '-blockdev': 'driver',
};

/** The argument as a key → value map (later keys win, as in QEMU), the implied key filled in; `list` keeps repeats. */
export interface Args {
  map: Map<string, string>;
  list: Item[];
}

export function readArgs(option: string, arg: string): Args {
  const items = splitItems(arg);
  const implied = IMPLIED[option];
  if (implied && items[0] && items[0].value === undefined && items[0].key !== '') {
    items[0] = { key: implied, value: items[0].key };
  }
  const map = new Map<string, string>();
  for (const it of items) if (it.key !== '') map.set(it.key, it.value ?? 'on');
  return { map, list: items.filter((it) => it.key !== '') };
}

/** A -blockdev argument (JSON or dotted keys) as a nested object. */
export function readBlockdev(arg: string): Record<string, unknown> | undefined {
  if (arg.trimStart().startsWith('{')) {
    try {
      const v: unknown = JSON.parse(arg);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  const root: Record<string, unknown> = {};
  const items = splitItems(arg);
  // QEMU's keyval syntax implies `driver` for a bare first item: `-blockdev file,filename=…`.
  if (items[0] && items[0].value === undefined && /^[a-z][a-z0-9_-]*$/i.test(items[0].key))
    items[0] = { key: 'driver', value: items[0].key };
  for (const it of items) {
    if (it.key === '') continue;
    const path = it.key.split('.');
    let node = root;
    for (const p of path.slice(0, -1)) {
      const next = node[p];
      if (next && typeof next === 'object') node = next as Record<string, unknown>;
      else node = node[p] = {};
    }
    node[path[path.length - 1]] = it.value ?? 'on';
  }
  return root;
}

const UNITS: Record<string, number> = { b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40, p: 2 ** 50 };

/** `2G`, `512M`, `1024` (in `defaultUnit` bytes) → bytes; undefined when not a size. */
export function parseSize(text: string | undefined, defaultUnit: number): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgtp]?)(?:i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * (m[2] ? UNITS[m[2].toLowerCase()] : defaultUnit);
  return Number.isFinite(n) && n >= 0 ? Math.round(n) : undefined;
}

export const isOn = (v: string | undefined): boolean => v !== undefined && /^(on|yes|true|1|y)$/i.test(v);
export const isOff = (v: string | undefined): boolean => v !== undefined && /^(off|no|false|0|n)$/i.test(v);
