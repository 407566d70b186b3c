// What a QEMU binary says about its own command line, as plain data: the options and their
// argument hints (`-help`), machine types, CPU models and flags, accelerators, every device a
// user can add with `-device` and its properties (`-device TYPE,help`), the backend types of
// -netdev / -chardev / -object, and, from QMP (the QAPI schema and query-command-line-options),
// the keys those backends and options accept. One capture for three users, so all three see the
// same thing: scripts/capture-qemu.mjs (writes data/qemu/*.json), the drift test, and the
// extension itself, which asks the QEMU installed where the window runs when it is not the one
// the bundled data came from (src/features/qemu/localQemu.ts). QEMU runs through runProcess:
// argument lists and timeouts, never a shell.
import { runProcess } from '../process/runProcess';
import type { QemuData, QemuDevice, QemuProp } from './data';

const TIMEOUT = 20_000;
const QEMU_ENV = { LC_ALL: 'C' };

/** An option as `-help` lists it; `hidden`: not printed by `-help`, found by asking QEMU. */
export interface CapturedOption {
  args: string[];
  desc: string;
  hidden?: boolean;
}

/** A capture before compaction: QemuData without the capture date. */
export type CapturedQemu = Omit<QemuData, 'captured'>;

/** Runs `binary args…` and resolves with stdout (QEMU prints `help` lists there, exit status 0). */
export async function run(binary: string, args: readonly string[], signal?: AbortSignal): Promise<string> {
  const r = await runProcess(binary, args, {
    timeoutMs: TIMEOUT,
    env: QEMU_ENV,
    maxOutputBytes: 16 * 1024 * 1024,
    ...(signal ? { signal } : {}),
  });
  if (r.code !== 0) throw new Error(`${binary} ${args.join(' ')}: ${r.failure ?? `exit ${r.code}`}\n${r.stderr}`);
  return r.stdout;
}

interface QmpReply {
  return?: unknown;
  error?: unknown;
}

/** Sends QMP commands to a QEMU started with `-machine none` and returns their results in order. */
export async function qmp(binary: string, commands: readonly string[], signal?: AbortSignal): Promise<unknown[]> {
  const input = ['qmp_capabilities', ...commands, 'quit'].map((execute) => `${JSON.stringify({ execute })}\n`).join('');
  const r = await runProcess(binary, ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', 'stdio'], {
    timeoutMs: TIMEOUT,
    env: QEMU_ENV,
    input,
    maxOutputBytes: 64 * 1024 * 1024,
    ...(signal ? { signal } : {}),
  });
  if (r.failure) throw new Error(`${binary} -qmp stdio: ${r.failure} ${r.errorMessage ?? ''}`);
  const replies = r.stdout
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as QmpReply)
    .filter((m) => 'return' in m || 'error' in m);
  // The first reply answers qmp_capabilities, the last one quit.
  const answers = replies.slice(1, 1 + commands.length);
  const failed = answers.find((a) => a.error);
  if (failed || answers.length !== commands.length)
    throw new Error(`${binary} QMP: ${JSON.stringify(failed?.error ?? replies).slice(0, 500)}`);
  return answers.map((a) => a.return);
}

// ── parsers of QEMU's help output ────────────────────────────────────────────────────────────

/**
 * `-help`: every line that starts with `-` names one or more options (`-hda/-hdb file`,
 * `-h or -help`), an argument hint, and often the first words of the description. An option
 * listed twice (`-numa node…`, `-numa dist…`) keeps each hint.
 */
export function parseHelp(text: string): Record<string, CapturedOption> {
  const options: Record<string, CapturedOption> = {};
  for (const line of text.split('\n')) {
    if (!line.startsWith('-')) continue;
    let head = line;
    let desc = '';
    const m = /^(\S.*?)\s{2,}(\S.*)$/.exec(line);
    if (m) [, head, desc] = m;
    else if (line.length > 16 && line[15] === ' ' && line[16] !== ' ') {
      // The description column starts at 16 and the head filled it: one space only.
      head = line.slice(0, 15).trimEnd();
      desc = line.slice(16);
    }
    const words = head.split(' ');
    let names = words[0]!.split('/');
    let arg = words.slice(1).join(' ');
    if (words[1] === 'or' && words[2]?.startsWith('-')) {
      names = [words[0], words[2]];
      arg = words.slice(3).join(' ');
    }
    for (const spelled of names) {
      if (!/^--?[A-Za-z][\w.-]*$/.test(spelled)) continue;
      const name = spelled.replace(/^--/, '-'); // QEMU accepts either; `--preconfig` is listed so
      const o = (options[name] ??= { args: [], desc: '' });
      if (arg && !o.args.includes(arg)) o.args.push(arg);
      if (!o.desc && desc) o.desc = desc.trim();
    }
  }
  return options;
}

/** `-machine help`: `name   description` under a heading line. */
export function parseMachines(text: string): Record<string, string> {
  const machines: Record<string, string> = {};
  for (const line of text.split('\n').slice(1)) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trimEnd());
    if (m) machines[m[1]] = m[2];
    else if (/^\S+$/.test(line.trim())) machines[line.trim()] = '';
  }
  return machines;
}

/**
 * `-cpu help`: models under "Available CPUs:" (x86 prefixes each with `x86 `, Arm indents them),
 * then, on x86, the flags a model can be given (`+vmx`, `-svm`) after "Recognized CPUID flags:".
 */
export function parseCpus(text: string): QemuData['cpus'] {
  const models: Record<string, string> = {};
  const flags: string[] = [];
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (/^Available CPUs:/.test(line)) section = 'models';
    else if (/^Recognized .*flags:/i.test(line)) section = 'flags';
    else if (!line.trim()) {
      if (section === 'models') section = '';
    } else if (section === 'models') {
      const m = /^\s+(\S+)\s*(.*)$/.exec(line) ?? /^\S+ (\S+)\s*(.*)$/.exec(line);
      if (m) models[m[1]] = m[2].trim();
    } else if (section === 'flags') flags.push(...line.trim().split(/\s+/));
  }
  return { models, flags: [...new Set(flags)].sort() };
}

/** A list of names, one per line, after a heading line (`-accel help`, `-netdev help`, …). */
export function parseList(text: string): string[] {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[\w.,+-]+$/.test(l));
}

/** `-device help`: `name "virtio-net-pci", bus PCI, alias "virtio-net", desc "…"` under category headings. */
export function parseDevices(text: string): Record<string, QemuDevice> {
  const devices: Record<string, QemuDevice> = {};
  let category = '';
  for (const line of text.split('\n')) {
    const heading = /^(\S.*):$/.exec(line);
    if (heading) {
      category = heading[1];
      continue;
    }
    if (!line.startsWith('name "')) continue;
    const fields: Record<string, string | true> = {};
    for (const f of line.matchAll(/(\w[\w-]*)(?: "((?:[^"\\]|\\.)*)"| ([^,]+))?(?:, |$)/g))
      fields[f[1]] = f[2] ?? f[3] ?? true;
    if (typeof fields.name !== 'string') continue;
    const d: QemuDevice = { category };
    if (typeof fields.bus === 'string') d.bus = fields.bus;
    if (typeof fields.alias === 'string') d.alias = fields.alias;
    if (typeof fields.desc === 'string') d.desc = fields.desc;
    devices[fields.name] = d;
  }
  return devices;
}

/** `-device TYPE,help`: `  key=<type>   - description (default: value)`; kept: type and default. */
export function parseDeviceProps(text: string): Record<string, QemuProp> {
  const props: Record<string, QemuProp> = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([^\s=]+)=<(.*?)>(?=\s|$)(?:\s+-\s*(.*))?$/.exec(line); // `link<iothread>` nests
    if (!m) continue;
    const def = /\(default: (.*)\)\s*$/.exec(m[3] ?? '');
    props[m[1]] = def ? [m[2], def[1].replace(/^"(.*)"$/, '$1')] : [m[2]];
  }
  return props;
}

/**
 * Options `-help` does not print (QEMU defines some with an empty help text, such as `-M`): each
 * candidate is given to QEMU, which says whether it is an option and whether it takes an
 * argument. `'arg'`: takes one; `'none'`: takes none (QEMU went past it: started and was
 * stopped, or failed later); undefined: not an option.
 */
export async function probeOption(
  binary: string,
  option: string,
  signal?: AbortSignal,
): Promise<'arg' | 'none' | undefined> {
  const r = await runProcess(binary, [...NO_MACHINE, '-display', 'none', '-nodefaults', '-S', option], {
    timeoutMs: 3000,
    env: QEMU_ENV,
    ...(signal ? { signal } : {}),
  });
  // Options are parsed before anything starts: a later failure (no /dev/kvm, say), or being
  // stopped by the timeout, still means QEMU took the option.
  if (r.failure === 'not-found' || r.failure === 'cancelled' || /invalid option/.test(r.stderr)) return undefined;
  if (/requires an argument/.test(r.stderr)) return 'arg';
  return 'none';
}

// ── QMP ──────────────────────────────────────────────────────────────────────────────────────

interface SchemaEntry {
  name: string;
  'arg-type'?: string;
  type?: string;
  tag?: string;
  members?: { name: string; type?: string }[];
  variants?: { case: string; type: string }[];
}

/**
 * The keys each variant of a QAPI union accepts (`netdev_add` → Netdev, `object-add` →
 * ObjectOptions, `blockdev-add` → BlockdevOptions): the base members plus the variant's, without
 * the tag itself (the type, written first on the command line). Only the first level of keys.
 */
export function unionKeys(schema: readonly SchemaEntry[], command: string): Record<string, string[]> {
  const byName = new Map(schema.map((s) => [s.name, s]));
  const cmd = byName.get(command);
  const union = cmd?.['arg-type'] ? byName.get(cmd['arg-type']) : undefined;
  if (!union?.variants) return {};
  const membersOf = (t: SchemaEntry | undefined) => (t?.members ?? []).map((m) => m.name);
  const base = membersOf(union).filter((n) => n !== union.tag);
  const out: Record<string, string[]> = {};
  for (const v of union.variants) out[v.case] = [...new Set([...base, ...membersOf(byName.get(v.type))])].sort();
  return out;
}

/** QEMU's own error line from a failed run, without the program and option prefix. */
function qemuError(message: string): string {
  const line = message.split('\n').find((l) => /^qemu-system-[\w-]+: /.test(l)) ?? message.split('\n')[0] ?? '';
  return line.replace(/^qemu-system-[\w-]+: (-\S+ \S+: )?/, '');
}

/** The backend kinds `chardev-add` accepts (the `type` cases of its `backend` union). */
export function chardevKinds(schema: readonly SchemaEntry[]): string[] {
  const byName = new Map(schema.map((s) => [s.name, s]));
  const argType = byName.get('chardev-add')?.['arg-type'];
  const args = argType ? byName.get(argType) : undefined;
  const backendType = args?.members?.find((m) => m.name === 'backend')?.type;
  const backend = backendType ? byName.get(backendType) : undefined;
  return (backend?.variants ?? []).map((v) => v.case);
}

// ── capture ──────────────────────────────────────────────────────────────────────────────────

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

// Some targets (aarch64) have no default machine and refuse `-netdev help` without one; the
// answers do not depend on the machine (checked: same `-device help` on x86 with and without).
const NO_MACHINE = ['-machine', 'none'];

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export interface CaptureOptions {
  /** Picks the devices whose properties are captured (all, by default). */
  devicesToDescribe?: (names: string[]) => string[];
  /** QEMU processes running at once. */
  concurrency?: number;
  /** Option names to ask QEMU about when `-help` does not print them. */
  optionCandidates?: readonly string[];
  signal?: AbortSignal;
}

/** Everything completion and the checks use, from one QEMU binary. */
export async function captureQemu(
  binary: string,
  { devicesToDescribe = (names) => names, concurrency = 2, optionCandidates = [], signal }: CaptureOptions = {},
): Promise<CapturedQemu> {
  const [versionText, help, machines, cpus, accels, devices, netdevs, chardevs, objects] = (await Promise.all(
    [
      ['-version'],
      ['-help'],
      ['-machine', 'help'],
      ['-cpu', 'help'],
      [...NO_MACHINE, '-accel', 'help'],
      [...NO_MACHINE, '-device', 'help'],
      [...NO_MACHINE, '-netdev', 'help'],
      [...NO_MACHINE, '-chardev', 'help'],
      [...NO_MACHINE, '-object', 'help'],
    ].map((args) => run(binary, args, signal)),
  )) as [string, string, string, string, string, string, string, string, string];
  const version = /version (\d+\.\d+\.\d+)(?: \(([^)]*)\))?/.exec(versionText);
  const [schema, lineOptions] = (await qmp(binary, ['query-qmp-schema', 'query-command-line-options'], signal)) as [
    SchemaEntry[],
    { option?: string; parameters: { name: string }[] }[],
  ];

  const listed = parseHelp(help);
  // `args: ['']`: takes an argument, with no hint (`-help` does not list the option).
  for (const name of optionCandidates.filter((n) => !listed[n])) {
    const kind = await probeOption(binary, name, signal);
    if (kind) listed[name] = { args: kind === 'arg' ? [''] : [], desc: '', hidden: true };
  }
  const options = sortKeys(listed);
  const deviceList = parseDevices(devices);
  const names = Object.keys(deviceList).sort();
  const described = devicesToDescribe(names);
  // A device listed by `-device help` may still fail to describe itself (a module of this QEMU
  // build is not installed: `missing object type 'virtio-gpu-gl-device'`); QEMU's first error
  // line is kept instead of its properties.
  const props = await mapLimited(described, concurrency, (name) =>
    run(binary, [...NO_MACHINE, '-device', `${name},help`], signal).then(
      (text) => ({ props: sortKeys(parseDeviceProps(text)) }),
      (e: Error) => ({ error: qemuError(e.message) }),
    ),
  );
  described.forEach((name, i) => Object.assign(deviceList[name]!, props[i]));

  // Keys of options parsed by QemuOpts, as QMP lists them; only groups named like an option.
  const optionKeys: Record<string, string[]> = {};
  for (const o of lineOptions) {
    if (!o.option || !options[`-${o.option}`] || !o.parameters.length) continue;
    optionKeys[`-${o.option}`] = o.parameters.map((p) => p.name).sort();
  }
  const typesWith = (types: string[], keys: Record<string, string[]>) =>
    sortKeys(Object.fromEntries(types.map((t) => [t, keys[t] ?? null])));
  const chardevKeys = optionKeys['-chardev'] ?? [];
  delete optionKeys['-chardev'];
  const blockdevKeys = unionKeys(schema, 'blockdev-add');

  return {
    binary: binary.replace(/^.*\//, ''),
    version: version?.[1] ?? versionText.trim(),
    package: version?.[2] ?? '',
    sources: {
      options:
        '-help; options it does not print (hidden: true) by running QEMU with each option content/qemu.yaml names',
      machines: '-machine help',
      cpus: '-cpu help',
      accels: '-accel help',
      devices: '-device help; properties from -device TYPE,help',
      '-netdev': '-netdev help; keys from the QAPI schema (query-qmp-schema: netdev_add)',
      '-chardev':
        '-chardev help and the QAPI schema (chardev-add); keys (shared by every backend) from query-command-line-options',
      '-object': '-object help; keys from the QAPI schema (query-qmp-schema: object-add)',
      '-blockdev': 'the QAPI schema (query-qmp-schema: blockdev-add)',
      optionKeys: 'query-command-line-options (QemuOpts groups named like an option)',
    },
    options,
    machines: parseMachines(machines),
    cpus: parseCpus(cpus),
    accels: parseList(accels).sort(),
    devices: sortKeys(deviceList),
    backends: {
      '-netdev': { types: typesWith(parseList(netdevs).sort(), unionKeys(schema, 'netdev_add')) },
      // `-chardev help` leaves out backends of modules not loaded yet (spicevmc); QAPI has them.
      '-chardev': {
        types: typesWith([...new Set([...parseList(chardevs), ...chardevKinds(schema)])].sort(), {}),
        keys: chardevKeys,
      },
      '-object': { types: typesWith(parseList(objects).sort(), unionKeys(schema, 'object-add')) },
      '-blockdev': { types: typesWith(Object.keys(blockdevKeys).sort(), blockdevKeys) },
    },
    optionKeys: sortKeys(optionKeys),
  };
}

/** Option names (and aliases) of hover entries of kind `option`: candidates for hidden options. */
export function optionNamesOfContent(
  entries: readonly { kind?: string; name: string; aliases?: string[] }[],
): string[] {
  return [
    ...new Set(
      entries
        .filter((e) => e.kind === 'option')
        .flatMap((e) => [e.name, ...(e.aliases ?? [])].map((n) => n.replace(/^--/, '-'))),
    ),
  ].sort();
}

/**
 * The form written to data/qemu: device property tables are shared (most CPU models and many
 * devices have identical ones), each device naming its table by index. parseQemuData
 * (./data.ts) undoes this.
 */
export function compactQemuData(data: CapturedQemu): Omit<CapturedQemu, 'devices'> & {
  devices: Record<string, Omit<QemuDevice, 'props'> & { props?: number }>;
  propSets: Record<string, QemuProp>[];
} {
  const propSets: Record<string, QemuProp>[] = [];
  const index = new Map<string, number>();
  const devices: Record<string, Omit<QemuDevice, 'props'> & { props?: number }> = {};
  for (const [name, d] of Object.entries(data.devices)) {
    const { props, ...rest } = d;
    if (props === undefined) {
      devices[name] = rest;
      continue;
    }
    const key = JSON.stringify(props);
    if (!index.has(key)) {
      index.set(key, propSets.length);
      propSets.push(props);
    }
    devices[name] = { ...rest, props: index.get(key)! };
  }
  return { ...data, devices, propSets };
}
