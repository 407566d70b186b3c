// Hovers on the command lines of qemu-img, qemu-nbd, virsh, virt-install, virt-xml, virt-clone,
// swtpm and virtiofsd: the integrity of content/tools/*.yaml as the build bundles it (both
// languages, every name known to the captured help in data/tools/), the context finder
// (toolContext.ts) on real-looking command lines and on hostile input, and the lookup
// (toolLookup.ts) with its fallback to the tool's own help text.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { toolTokenAt, type ToolToken } from '../../src/core/reference/toolContext';
import { ToolReference, type ToolMatch } from '../../src/core/reference/toolLookup';
import { TOOL_NAMES as CAPTURED } from '../../scripts/toolsCapture.mjs';
import { TOOL_NAMES, type ToolEntry, type ToolHelp, type ToolName } from '../../src/core/reference/types';

const data = loadContent();
const entries: ToolEntry[] = data.tools;
const helps: ToolHelp[] = data.toolHelp;
const ref = new ToolReference(entries, helps);
const helpOf = new Map(helps.map((h) => [h.tool, h]));
const conceptIds = new Set(data.concepts.map((c) => c.id));
const FIXTURE = readFileSync(path.resolve(__dirname, '../../test/fixtures/reference/tools/commands.sh'), 'utf8');

/** Names in `entry` that the captured help of its tool does not know (empty: all known). */
function unknownNames(entry: ToolEntry, help: ToolHelp | undefined): string[] {
  if (!help) return [`${entry.tool}: no data/tools/${entry.tool}.json`];
  const names = [entry.name, ...(entry.aliases ?? [])];
  const subs = help.subcommands ?? {};
  switch (entry.kind) {
    case 'command':
      return entry.name === entry.tool ? [] : [entry.name];
    case 'subcommand':
      return names.filter((n) => !(n in subs));
    case 'option': {
      if (entry.subcommands) {
        const out: string[] = [];
        for (const s of entry.subcommands) {
          if (!(s in subs)) out.push(`subcommand ${s}`);
          else for (const n of names) if (!(n in subs[s].options)) out.push(`${s} ${n}`);
        }
        return out;
      }
      return names.filter((n) => !(n in help.options) && !Object.values(subs).some((s) => n in s.options));
    }
    case 'key': {
      const keys = help.keys?.[entry.option ?? ''];
      if (!keys) return [`option ${entry.option} has no keys`];
      return names.filter((n) => !(n in keys));
    }
  }
  return [entry.kind];
}

function pos(text: string, context: string, target = context, delta = 1): number {
  const i = text.indexOf(context);
  assert.ok(i >= 0, `"${context}" not in the text`);
  const j = context.indexOf(target);
  assert.ok(j >= 0, `"${target}" not in "${context}"`);
  return i + j + delta;
}

function hover(text: string, context: string, target = context, delta = 1): { token?: ToolToken; match?: ToolMatch } {
  const token = toolTokenAt(text, pos(text, context, target, delta));
  return { token, match: token ? ref.lookup(token) : undefined };
}

function expectEntry(text: string, context: string, target: string, id: string): ToolMatch {
  const { token, match } = hover(text, context, target);
  assert.ok(token, `${context} / ${target}: no token`);
  assert.ok(match?.entry, `${context} / ${target}: no entry for ${JSON.stringify(token)}`);
  assert.equal(match.entry.id, id, `${context} / ${target}: ${JSON.stringify(token)}`);
  assert.equal(
    text.slice(token.start, token.end).replace(/^`/, ''),
    token.kind === 'key' ? text.slice(token.start, token.end) : token.text,
  );
  return match;
}

describe('tool reference data (content/tools/*.yaml)', () => {
  it('types the same tools the capture script reads from content/tools/', () => {
    assert.deepEqual([...TOOL_NAMES].sort(), [...CAPTURED].sort());
  });
  it('has unique ids, a known tool and kind, both languages and a source URL in every entry', () => {
    const ids = new Set<string>();
    for (const e of entries) {
      assert.ok(!ids.has(e.id), `duplicate id ${e.id}`);
      ids.add(e.id);
      assert.ok((TOOL_NAMES as readonly string[]).includes(e.tool), `${e.id}: tool ${e.tool}`);
      assert.ok(['command', 'subcommand', 'option', 'key'].includes(e.kind), `${e.id}: kind ${e.kind}`);
      assert.ok(typeof e.en === 'string' && e.en.trim().length > 10, `${e.id}: en`);
      assert.ok(typeof e['zh-cn'] === 'string' && /[\u4e00-\u9fff]/.test(e['zh-cn']), `${e.id}: zh-cn is not Chinese`);
      assert.match(e.url, /^https:\/\/\S+$/, `${e.id}: url`);
      if (e.kind === 'key') assert.ok(e.option, `${e.id}: a key needs its option`);
      if (e.concept) assert.ok(conceptIds.has(e.concept), `${e.id}: concept ${e.concept} does not exist`);
    }
  });

  it('writes the Chinese with Chinese punctuation and ends each sentence with 。', () => {
    for (const e of entries) {
      const zh = e['zh-cn'].replace(/`[^`]*`/g, '``');
      assert.doesNotMatch(
        zh,
        /[\u4e00-\u9fff][,;:!?()]|[,;:!?(][\u4e00-\u9fff]/,
        `${e.id}: ASCII punctuation beside Chinese: ${zh}`,
      );
      assert.match(e['zh-cn'], /[。）]$/, `${e.id}: ${e['zh-cn']}`);
      // As test/unit/zhTypography.unit.test.ts asks of the other content: a space between Chinese and Latin.
      assert.doesNotMatch(
        zh,
        /\p{Script=Han}[A-Za-z0-9]|[A-Za-z0-9]\p{Script=Han}/u,
        `${e.id}: space Chinese and Latin: ${zh}`,
      );
      assert.match(e.en, /[.)]$/, `${e.id}: ${e.en}`);
    }
  });

  it('names only subcommands, options and keys that the installed tools list (data/tools/)', () => {
    const bad = entries.flatMap((e) => unknownNames(e, helpOf.get(e.tool)).map((n) => `${e.id}: ${n}`));
    assert.deepEqual(bad, []);
  });

  it('notices a misspelt or removed name (the check above can fail)', () => {
    const virsh = helpOf.get('virsh');
    const img = helpOf.get('qemu-img');
    const base = { id: 'x', en: 'x', 'zh-cn': 'x', url: 'https://x' };
    assert.deepEqual(unknownNames({ ...base, tool: 'virsh', kind: 'subcommand', name: 'snapshot-creat-as' }, virsh), [
      'snapshot-creat-as',
    ]);
    assert.deepEqual(
      unknownNames(
        { ...base, tool: 'virsh', kind: 'option', name: '--remove-all-storage', subcommands: ['list'] },
        virsh,
      ),
      ['list --remove-all-storage'],
    );
    assert.deepEqual(
      unknownNames({ ...base, tool: 'qemu-img', kind: 'key', option: '-o', name: 'cluster-size' }, img),
      ['cluster-size'],
    );
    assert.deepEqual(unknownNames({ ...base, tool: 'qemu-img', kind: 'option', name: '--no-such-option' }, img), [
      '--no-such-option',
    ]);
  });

  it('explains every tool, and what the issue asks for in each', () => {
    const has = (tool: ToolName, kind: ToolEntry['kind'], name: string, sub?: string): boolean =>
      entries.some(
        (e) =>
          e.tool === tool &&
          e.kind === kind &&
          (e.name === name || e.aliases?.includes(name)) &&
          (sub === undefined || !e.subcommands || e.subcommands.includes(sub)),
      );
    for (const tool of TOOL_NAMES) assert.ok(has(tool, 'command', tool), `${tool}: no command entry`);
    const want: [ToolName, ToolEntry['kind'], string[]][] = [
      [
        'qemu-img',
        'subcommand',
        [
          'create',
          'convert',
          'info',
          'check',
          'resize',
          'snapshot',
          'rebase',
          'commit',
          'amend',
          'bench',
          'map',
          'measure',
          'compare',
          'dd',
          'bitmap',
        ],
      ],
      ['qemu-img', 'option', ['-f', '-F', '-b', '-O', '-o', '-c', '-p', '-n', '-U', '--output']],
      [
        'qemu-img',
        'key',
        [
          'cluster_size',
          'preallocation',
          'lazy_refcounts',
          'compression_type',
          'backing_file',
          'backing_fmt',
          'compat',
          'encrypt.format',
          'subformat',
        ],
      ],
      ['qemu-nbd', 'option', ['-c', '--connect', '-d', '-f', '-r', '-k', '-p', '-e', '-t', '--fork', '-x']],
      [
        'virsh',
        'subcommand',
        [
          'list',
          'start',
          'shutdown',
          'destroy',
          'reboot',
          'suspend',
          'resume',
          'define',
          'undefine',
          'edit',
          'dumpxml',
          'console',
          'domifaddr',
          'domblklist',
          'snapshot-create-as',
          'snapshot-list',
          'snapshot-revert',
          'snapshot-delete',
          'net-list',
          'net-start',
          'pool-list',
          'vol-list',
          'vol-create-as',
          'attach-device',
          'detach-device',
          'migrate',
          'domcapabilities',
          'capabilities',
          'nodeinfo',
          'setvcpus',
          'setmem',
          'autostart',
        ],
      ],
      [
        'virsh',
        'option',
        [
          '--all',
          '--inactive',
          '--config',
          '--live',
          '--persistent',
          '--remove-all-storage',
          '--nvram',
          '-c',
          '--connect',
        ],
      ],
      [
        'virt-install',
        'option',
        [
          '--name',
          '--memory',
          '--vcpus',
          '--osinfo',
          '--os-variant',
          '--disk',
          '--network',
          '--graphics',
          '--boot',
          '--cdrom',
          '--location',
          '--import',
          '--cloud-init',
          '--noautoconsole',
          '--console',
          '--virt-type',
          '--cpu',
          '--tpm',
          '--print-xml',
          '--dry-run',
        ],
      ],
      ['virt-xml', 'option', ['--edit', '--add-device', '--remove-device', '--define', '--update', '--print-diff']],
      ['virt-clone', 'option', ['--original', '--name', '--auto-clone', '--file', '--mac']],
      ['swtpm', 'subcommand', ['socket', 'chardev']],
      ['swtpm', 'option', ['--tpmstate', '--ctrl', '--tpm2', '--log']],
      ['virtiofsd', 'option', ['--socket-path', '-o']],
      ['virtiofsd', 'key', ['source', 'cache', 'sandbox', 'announce_submounts', 'xattr']],
    ];
    const missing = want.flatMap(([tool, kind, names]) =>
      names.filter((n) => !has(tool, kind, n)).map((n) => `${tool} ${kind} ${n}`),
    );
    assert.deepEqual(missing, []);
  });
});

describe('tool command lines: what is under the cursor', () => {
  it('finds the command, its subcommand, options and -o keys in qemu-img lines', () => {
    expectEntry(FIXTURE, 'qemu-img create -f qcow2 -o cluster', 'qemu-img', 'qemu-img');
    expectEntry(FIXTURE, 'qemu-img create -f qcow2 -o cluster', 'create', 'qemu-img-create');
    expectEntry(FIXTURE, 'qemu-img create -f qcow2 -o cluster', '-f', 'qemu-img-opt-f');
    expectEntry(FIXTURE, 'qemu-img create -f qcow2 -o cluster', '-o', 'qemu-img-opt-o');
    expectEntry(FIXTURE, 'cluster_size=2M', 'cluster_size', 'qemu-img-key-cluster-size');
    expectEntry(FIXTURE, 'preallocation=metadata,lazy', 'preallocation', 'qemu-img-key-preallocation');
    expectEntry(FIXTURE, 'lazy_refcounts=on', 'lazy_refcounts', 'qemu-img-key-lazy-refcounts');
    // On a value: the key's entry, the range the whole key=value.
    const onValue = hover(FIXTURE, 'lazy_refcounts=on', 'on');
    assert.equal(onValue.match?.entry?.id, 'qemu-img-key-lazy-refcounts');
    assert.equal(FIXTURE.slice(onValue.token!.start, onValue.token!.end), 'lazy_refcounts=on');
    expectEntry(FIXTURE, 'compression_type=zstd', 'compression_type', 'qemu-img-key-compression-type');
    expectEntry(FIXTURE, 'subformat=streamOptimized', 'subformat', 'qemu-img-key-subformat');
    expectEntry(FIXTURE, 'encrypt.format=luks', 'encrypt.format', 'qemu-img-key-encrypt-format');
    expectEntry(FIXTURE, '-b base.qcow2 -F qcow2', '-b', 'qemu-img-opt-b');
    expectEntry(FIXTURE, '-b base.qcow2 -F qcow2', '-F', 'qemu-img-opt-F');
    expectEntry(FIXTURE, 'qemu-img convert -p -f raw -O qcow2 -c', '-O', 'qemu-img-opt-O');
    expectEntry(FIXTURE, 'qemu-img convert -p -f raw -O qcow2 -c', '-p', 'qemu-img-opt-p');
    expectEntry(FIXTURE, 'qemu-img info --backing-chain --output=json -U', '--output', 'qemu-img-opt-output');
    expectEntry(FIXTURE, 'qemu-img info --backing-chain --output=json -U', '-U', 'qemu-img-opt-U');
    expectEntry(FIXTURE, 'qemu-img info --backing-chain', 'info', 'qemu-img-info');
  });

  it('gives an option the meaning it has in its subcommand', () => {
    expectEntry(FIXTURE, 'qemu-img convert -p -f raw -O qcow2 -c', '-c', 'qemu-img-opt-c');
    expectEntry(FIXTURE, 'qemu-img snapshot -c before', '-c', 'qemu-img-opt-c-snapshot');
    expectEntry(FIXTURE, 'qemu-img compare -f qcow2 -F raw', '-F', 'qemu-img-opt-F-compare');
    expectEntry(FIXTURE, 'virsh -c qemu:///system list --all', '--all', 'virsh-opt-all');
    expectEntry(FIXTURE, 'virsh migrate --live', '--live', 'virsh-opt-live-migrate');
    expectEntry(FIXTURE, 'virsh attach-device guest1 disk.xml --live', '--live', 'virsh-opt-live');
    expectEntry(FIXTURE, 'virsh migrate --live --persistent', '--persistent', 'virsh-opt-persistent-migrate');
  });

  it('reads virsh lines: global options, subcommands and their options', () => {
    expectEntry(FIXTURE, 'virsh -c qemu:///system list', '-c', 'virsh-opt-connect');
    expectEntry(FIXTURE, 'virsh -c qemu:///system list', 'list', 'virsh-list');
    expectEntry(
      FIXTURE,
      'virsh undefine guest1 --nvram --remove-all-storage',
      '--remove-all-storage',
      'virsh-opt-remove-all-storage',
    );
    expectEntry(FIXTURE, 'virsh undefine guest1 --nvram', '--nvram', 'virsh-opt-nvram');
    expectEntry(FIXTURE, 'virsh snapshot-create-as guest1', 'snapshot-create-as', 'virsh-snapshot-create-as');
    expectEntry(FIXTURE, 'snap1 --disk-only --atomic', '--disk-only', 'virsh-opt-disk-only');
    expectEntry(FIXTURE, 'virsh setvcpus guest1 4 --maximum --config', '--config', 'virsh-opt-config');
    expectEntry(FIXTURE, 'virsh domifaddr guest1 --source agent', '--source', 'virsh-opt-source-domifaddr');
  });

  it("falls back to the tool's own help line, labelled as such, where no entry is written", () => {
    const { token, match } = hover(FIXTURE, 'virsh vcpupin guest1', 'vcpupin');
    assert.equal(token?.kind, 'subcommand');
    assert.equal(match?.entry, undefined);
    assert.equal(match?.ownHelp, helpOf.get('virsh')!.subcommands!.vcpupin.summary);
    assert.ok(match?.version, 'the version the help came from');
    // An option that the subcommand does not have gets nothing, written entry or not.
    const line = 'virsh start guest1 --remove-all-storage';
    assert.equal(hover(line, line, '--remove-all-storage').match, undefined);
    // A key the format list does not know: nothing.
    const key = 'qemu-img create -f qcow2 -o clustersize=64k x.qcow2 1G';
    assert.equal(hover(key, key, 'clustersize').match, undefined);
    // The image formats that accept a key come from qemu-img itself.
    const sub = hover(FIXTURE, 'subformat=streamOptimized', 'subformat').match;
    assert.ok(sub?.formats?.includes('vmdk') && sub.formats.includes('vhdx'), JSON.stringify(sub?.formats));
  });

  it("reads virt-install across continuation lines, and virt-xml with virt-install's entries", () => {
    expectEntry(FIXTURE, '  --osinfo debian12', '--osinfo', 'virt-install-opt-osinfo');
    expectEntry(FIXTURE, '  --disk size=20', '--disk', 'virt-install-opt-disk');
    expectEntry(FIXTURE, '  --noautoconsole', '--noautoconsole', 'virt-install-opt-noautoconsole');
    expectEntry(FIXTURE, '--cloud-init root', '--cloud-init', 'virt-install-opt-cloud-init');
    expectEntry(FIXTURE, 'virt-xml guest1 --edit --vcpus 4 --print-diff', '--edit', 'virt-xml-opt-edit');
    expectEntry(FIXTURE, 'virt-xml guest1 --edit --vcpus 4 --print-diff', '--print-diff', 'virt-xml-opt-print-diff');
    expectEntry(FIXTURE, 'virt-xml guest1 --edit --vcpus 4', '--vcpus', 'virt-install-opt-vcpus');
    expectEntry(FIXTURE, 'virt-clone --original guest1', '--original', 'virt-clone-opt-original');
    const alias = 'virt-install --os-variant win11 --name w';
    assert.equal(hover(alias, alias, '--os-variant').match?.entry?.id, 'virt-install-opt-osinfo');
  });

  it('reads qemu-nbd, swtpm and virtiofsd lines', () => {
    expectEntry(FIXTURE, 'sudo qemu-nbd -c /dev/nbd0', '-c', 'qemu-nbd-opt-connect');
    expectEntry(FIXTURE, 'qemu-nbd --fork -t', '--fork', 'qemu-nbd-opt-fork');
    expectEntry(FIXTURE, 'swtpm socket --tpm2', 'socket', 'swtpm-socket');
    expectEntry(FIXTURE, 'swtpm socket --tpm2', '--tpm2', 'swtpm-opt-tpm2');
    expectEntry(FIXTURE, '--tpmstate dir=', '--tpmstate', 'swtpm-opt-tpmstate');
    expectEntry(FIXTURE, '/usr/lib/qemu/virtiofsd --socket-path', '--socket-path', 'virtiofsd-opt-socket-path');
    expectEntry(FIXTURE, 'cache=always,sandbox', 'cache', 'virtiofsd-key-cache');
    expectEntry(FIXTURE, 'sandbox=chroot,xattr', 'sandbox', 'virtiofsd-key-sandbox');
    expectEntry(FIXTURE, 'sandbox=chroot,xattr', 'xattr', 'virtiofsd-key-xattr');
    const path = hover(FIXTURE, '/usr/lib/qemu/virtiofsd --socket', 'virtiofsd').match;
    assert.equal(path?.entry?.id, 'virtiofsd');
  });

  it("explains every option and subcommand of the fixture, from an entry or the tool's help", () => {
    const silent: string[] = [];
    const re = /(?<=\s)(--?[A-Za-z][\w-]*)/g;
    for (const line of FIXTURE.split('\n')) {
      if (
        !/^(sudo )?(\S*\/)?(qemu-img|qemu-nbd|virsh|virt-install|virt-xml|virt-clone|swtpm|virtiofsd)\b/.test(line) &&
        !/^ {2}--/.test(line)
      )
        continue;
      for (const m of line.matchAll(re)) {
        const offset = FIXTURE.indexOf(line) + (m.index ?? 0) + 1;
        const token = toolTokenAt(FIXTURE, offset);
        const match = token && ref.lookup(token);
        if (!match?.entry && !match?.ownHelp) silent.push(`${m[1]} in: ${line.trim().slice(0, 60)}`);
      }
    }
    assert.deepEqual(silent, []);
  });

  it('recognises the command after sudo, env assignments, prompts and in Markdown inline code', () => {
    const cases: [string, string, string][] = [
      ['sudo -u qemu qemu-img info disk.qcow2', 'info', 'qemu-img-info'],
      ['LIBVIRT_DEFAULT_URI=qemu:///system virsh list', 'list', 'virsh-list'],
      ['env LANG=C virsh list --all', '--all', 'virsh-opt-all'],
      ['$ virsh list --all', '--all', 'virsh-opt-all'],
      ['# virsh net-start default', 'net-start', 'virsh-net-start'],
      ['root@host:~# virsh dumpxml vm1 --inactive', '--inactive', 'virsh-opt-inactive-xml'],
      ['[root@host ~]# qemu-img check -r leaks d.qcow2', '-r', 'qemu-img-opt-r-check'],
      ['virsh # list --all', 'list', 'virsh-list'],
      ['Run `qemu-img convert -O qcow2 a b` first.', '-O', 'qemu-img-opt-O'],
      ['运行 `virsh list --all` 查看。', '--all', 'virsh-opt-all'],
      ['Install swtpm first.', 'swtpm', 'swtpm'],
      ['用 `qemu-img` 检查镜像', 'qemu-img', 'qemu-img'],
      ['make && qemu-img info x', 'info', 'qemu-img-info'],
    ];
    for (const [text, target, id] of cases) {
      const { token, match } = hover(text, text, target);
      assert.equal(match?.entry?.id, id, `${text} / ${target}: ${JSON.stringify(token)}`);
    }
  });

  it('stays quiet on other commands and on text that only mentions the tools', () => {
    const quiet: [string, string][] = [
      ['echo virsh list --all', '--all'],
      ['echo virsh list --all', 'list'],
      ['grep -c qemu-img notes.txt', '-c'],
      ['ls -l /var/lib/libvirt', '-l'],
      ['qemu-system-x86_64 -m 2G -snapshot', '-snapshot'],
      ['man virsh', 'man'],
      ['virsh-wrapper list --all', '--all'],
      ['my-qemu-img create x', 'create'],
      ['Run `ls -l` then virsh list', 'list'],
      ['see /usr/share/doc/qemu-img/README', 'qemu-img'],
      ['virsh list --all # comment --all', 'comment'],
    ];
    for (const [text, target] of quiet) {
      const i = text.lastIndexOf(target);
      const token = toolTokenAt(text, i + 1);
      const match = token && ref.lookup(token);
      assert.equal(match, undefined, `${text} / ${target}: ${JSON.stringify(token)}`);
    }
  });

  it('survives hostile input: 1 MB lines, unbalanced quotes, binary, bad offsets', () => {
    const huge = `qemu-img create -o ${'a=b,'.repeat(250_000)}cluster_size=64k x 1G`;
    let t = Date.now();
    const far = toolTokenAt(huge, huge.length - 12);
    assert.ok(Date.now() - t < 2000, `1 MB line took ${Date.now() - t} ms`);
    assert.equal(far, undefined, 'the head is further away than the bounded window');
    const near = toolTokenAt(huge, 21);
    assert.equal(near?.kind, 'key');
    const blanks = `virsh list ${' '.repeat(1_000_000)}--all`;
    t = Date.now();
    toolTokenAt(blanks, blanks.length - 2);
    assert.ok(Date.now() - t < 2000);
    const lines = `virsh list \\\n${'  --all \\\n'.repeat(100_000)}`;
    t = Date.now();
    toolTokenAt(lines, lines.length - 5);
    assert.ok(Date.now() - t < 2000, `many continuation lines took ${Date.now() - t} ms`);
    for (const text of [
      `virsh list "--all`,
      `qemu-img create -o 'cluster_size=64k x 1G`,
      'virsh `list --all',
      `qemu-img convert -O qcow2 "a b`,
      '\u0000\u0001qemu-img\u0000 -f\uFFFD\uD800 ',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1'),
    ]) {
      for (let o = 0; o <= text.length; o += Math.max(1, Math.floor(text.length / 50))) {
        const token = toolTokenAt(text, o);
        if (token) {
          assert.ok(token.start >= 0 && token.end <= text.length && token.start <= token.end);
          ref.lookup(token);
        }
      }
    }
    assert.equal(toolTokenAt('virsh list', -1), undefined);
    assert.equal(toolTokenAt('virsh list', 99), undefined);
    assert.equal(toolTokenAt('virsh list', 1.5), undefined);
    assert.equal(toolTokenAt(undefined as unknown as string, 0), undefined);
  });
});
