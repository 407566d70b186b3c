// What the installed QEMU says about its own command line, as plain data: the options and their
// argument hints (`-help`), machine types, CPU models and flags, accelerators, every device a
// user can add with `-device` and its properties (`-device TYPE,help`), the backend types of
// -netdev / -chardev / -object, and, from QMP (the QAPI schema and query-command-line-options),
// the keys those backends and options accept. Used by scripts/capture-qemu.mjs (writes
// data/qemu/*.json) and by the drift test (test/unit/qemuDrift.unit.test.ts), so both capture in
// exactly the same way. QEMU is run with argument lists and timeouts, never through a shell.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const TIMEOUT = 20_000;

/** Runs `binary args…` and resolves with stdout (QEMU prints `help` lists there, exit status 0). */
export function run(binary, args) {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { timeout: TIMEOUT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${binary} ${args.join(' ')}: ${err.message}\n${stderr}`));
        else resolve(stdout);
      },
    );
  });
}

/** Sends QMP commands to a QEMU started with `-machine none` and returns their results in order. */
export function qmp(binary, commands) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['-machine', 'none', '-nodefaults', '-display', 'none', '-qmp', 'stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${binary} -qmp stdio: no answer within ${TIMEOUT} ms`));
    }, TIMEOUT);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const replies = out
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => JSON.parse(l))
        .filter((m) => 'return' in m || 'error' in m);
      // The first reply answers qmp_capabilities, the last one quit.
      const answers = replies.slice(1, 1 + commands.length);
      const failed = answers.find((a) => a.error);
      if (failed || answers.length !== commands.length)
        reject(new Error(`${binary} QMP: ${JSON.stringify(failed?.error ?? replies)}`));
      else resolve(answers.map((a) => a.return));
    });
    const send = (execute) => child.stdin.write(`${JSON.stringify({ execute })}\n`);
    send('qmp_capabilities');
    for (const c of commands) send(c);
    send('quit');
    child.stdin.end();
  });
}

// ── parsers of QEMU's help output ────────────────────────────────────────────────────────────

/**
 * `-help`: every line that starts with `-` names one or more options (`-hda/-hdb file`,
 * `-h or -help`), an argument hint, and often the first words of the description. An option
 * listed twice (`-numa node…`, `-numa dist…`) keeps each hint.
 */
export function parseHelp(text) {
  const options = {};
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
    let names = words[0].split('/');
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
export function parseMachines(text) {
  const machines = {};
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
export function parseCpus(text) {
  const models = {};
  const flags = [];
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
export function parseList(text) {
  return text
    .split('\n')
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^[\w.,+-]+$/.test(l));
}

/** `-device help`: `name "virtio-net-pci", bus PCI, alias "virtio-net", desc "…"` under category headings. */
export function parseDevices(text) {
  const devices = {};
  let category = '';
  for (const line of text.split('\n')) {
    const heading = /^(\S.*):$/.exec(line);
    if (heading) {
      category = heading[1];
      continue;
    }
    if (!line.startsWith('name "')) continue;
    const fields = {};
    for (const f of line.matchAll(/(\w[\w-]*)(?: "((?:[^"\\]|\\.)*)"| ([^,]+))?(?:, |$)/g))
      fields[f[1]] = f[2] ?? f[3] ?? true;
    if (typeof fields.name !== 'string') continue;
    const d = { category };
    if (typeof fields.bus === 'string') d.bus = fields.bus;
    if (typeof fields.alias === 'string') d.alias = fields.alias;
    if (typeof fields.desc === 'string') d.desc = fields.desc;
    devices[fields.name] = d;
  }
  return devices;
}

/** `-device TYPE,help`: `  key=<type>   - description (default: value)`; kept: type and default. */
export function parseDeviceProps(text) {
  const props = {};
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
export async function probeOption(binary, option) {
  return new Promise((resolve) => {
    execFile(
      binary,
      [...NO_MACHINE, '-display', 'none', '-nodefaults', '-S', option],
      { timeout: 3000, env: { ...process.env, LC_ALL: 'C' } },
      (err, _stdout, stderr) => {
        // Options are parsed before anything starts: a later failure (no /dev/kvm, say) or
        // being stopped still means QEMU took the option.
        if (err?.code === 'ENOENT' || /invalid option/.test(stderr)) resolve(undefined);
        else if (/requires an argument/.test(stderr)) resolve('arg');
        else resolve('none');
      },
    );
  });
}

// ── QMP ──────────────────────────────────────────────────────────────────────────────────────

/**
 * The keys each variant of a QAPI union accepts (`netdev_add` → Netdev, `object-add` →
 * ObjectOptions, `blockdev-add` → BlockdevOptions): the base members plus the variant's, without
 * the tag itself (the type, written first on the command line). Only the first level of keys.
 */
export function unionKeys(schema, command) {
  const byName = new Map(schema.map((s) => [s.name, s]));
  const cmd = byName.get(command);
  const union = cmd && byName.get(cmd['arg-type']);
  if (!union?.variants) return {};
  const membersOf = (t) => (t?.members ?? []).map((m) => m.name);
  const base = membersOf(union).filter((n) => n !== union.tag);
  const out = {};
  for (const v of union.variants) out[v.case] = [...new Set([...base, ...membersOf(byName.get(v.type))])].sort();
  return out;
}

/** QEMU's own error line from a failed run, without the program and option prefix. */
function qemuError(message) {
  const line = message.split('\n').find((l) => /^qemu-system-[\w-]+: /.test(l)) ?? message.split('\n')[0];
  return line.replace(/^qemu-system-[\w-]+: (-\S+ \S+: )?/, '');
}

/** The backend kinds `chardev-add` accepts (the `type` cases of its `backend` union). */
export function chardevKinds(schema) {
  const byName = new Map(schema.map((s) => [s.name, s]));
  const args = byName.get(byName.get('chardev-add')?.['arg-type']);
  const backend = byName.get(args?.members?.find((m) => m.name === 'backend')?.type);
  return (backend?.variants ?? []).map((v) => v.case);
}

// ── capture ──────────────────────────────────────────────────────────────────────────────────

async function mapLimited(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

// Some targets (aarch64) have no default machine and refuse `-netdev help` without one; the
// answers do not depend on the machine (checked: same `-device help` on x86 with and without).
const NO_MACHINE = ['-machine', 'none'];

const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/**
 * Everything completion and the checks use, from one QEMU binary. `devicesToDescribe(names)`
 * picks the devices whose properties are captured (all, by default); `concurrency` bounds the
 * QEMU processes running at once.
 */
export async function captureQemu(
  binary,
  { devicesToDescribe = (names) => names, concurrency = 2, optionCandidates = [] } = {},
) {
  const [versionText, help, machines, cpus, accels, devices, netdevs, chardevs, objects] = await Promise.all(
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
    ].map((args) => run(binary, args)),
  );
  const version = /version (\d+\.\d+\.\d+)(?: \(([^)]*)\))?/.exec(versionText);
  const [schema, lineOptions] = await qmp(binary, ['query-qmp-schema', 'query-command-line-options']);

  const listed = parseHelp(help);
  // `args: ['']`: takes an argument, with no hint (`-help` does not list the option).
  for (const name of optionCandidates.filter((n) => !listed[n])) {
    const kind = await probeOption(binary, name);
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
    run(binary, [...NO_MACHINE, '-device', `${name},help`]).then(
      (text) => ({ props: sortKeys(parseDeviceProps(text)) }),
      (e) => ({ error: qemuError(e.message) }),
    ),
  );
  described.forEach((name, i) => Object.assign(deviceList[name], props[i]));

  // Keys of options parsed by QemuOpts, as QMP lists them; only groups named like an option.
  const optionKeys = {};
  for (const o of lineOptions) {
    if (!o.option || !options[`-${o.option}`] || !o.parameters.length) continue;
    optionKeys[`-${o.option}`] = o.parameters.map((p) => p.name).sort();
  }
  const typesWith = (types, keys) => sortKeys(Object.fromEntries(types.map((t) => [t, keys[t] ?? null])));
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

/** Option names (and aliases) the hand-written hover content explains: candidates for hidden options. */
export function contentOptionNames(root) {
  const entries = parse(readFileSync(join(root, 'content/qemu.yaml'), 'utf8'));
  const list = Array.isArray(entries) ? entries : Object.values(entries).find(Array.isArray);
  return [
    ...new Set(
      list
        .filter((e) => e.kind === 'option')
        .flatMap((e) => [e.name, ...(e.aliases ?? [])].map((n) => n.replace(/^--/, '-'))),
    ),
  ].sort();
}

/**
 * The form written to data/qemu: device property tables are shared (most CPU models and many
 * devices have identical ones), each device naming its table by index. The extension's loader
 * (src/core/qemu/data.ts) undoes this.
 */
export function compactQemuData(data) {
  const propSets = [];
  const index = new Map();
  const devices = {};
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
    devices[name] = { ...rest, props: index.get(key) };
  }
  return { ...data, devices, propSets };
}
