// Integrity of the bundled knowledge base: the data the tree, the hovers, the articles and
// the host check all read. Runs on exactly what the build bundles.
import * as assert from 'node:assert/strict';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { isExactTerm } from '../../src/core/concepts/termMatcher';
import { LANGS } from '../../src/core/language';

const data = loadContent();
const kb = new KnowledgeBase(data);

/** Every term the primer names (and the issue lists), and the entry it must lead to. */
const SEED_TERMS: Record<string, string[]> = {
  virtualization: ['虚拟化', 'Virtualization'],
  'virtual-machine': ['虚拟机', 'virtual machine'],
  hypervisor: ['hypervisor', 'VMM'],
  'server-virtualization': ['服务器虚拟化'],
  'network-virtualization': ['网络虚拟化'],
  'desktop-virtualization': ['桌面虚拟化'],
  'application-virtualization': ['应用虚拟化'],
  'storage-virtualization': ['存储虚拟化'],
  'library-virtualization': ['库虚拟化'],
  sdn: ['SDN', '软件定义网络'],
  'office-365': ['Office 365'],
  san: ['SAN'],
  nas: ['NAS'],
  nfs: ['NFS'],
  samba: ['Samba'],
  glusterfs: ['GlusterFS'],
  ceph: ['Ceph'],
  docker: ['Docker'],
  lxc: ['LXC'],
  emulation: ['模拟器'],
  qemu: ['QEMU'],
  bochs: ['Bochs'],
  pearpc: ['PearPC'],
  'full-virtualization': ['全虚拟化', '完全虚拟化', 'full virtualization'],
  'hardware-assisted-virtualization': ['native virtualization', '硬件辅助虚拟化'],
  paravirtualization: ['半虚拟化', 'paravirtualization'],
  'vmware-workstation': ['VMware Workstation'],
  'vmware-esxi': ['ESXi'],
  'parallels-desktop': ['Parallels Desktop'],
  kvm: ['KVM'],
  'hyper-v': ['Hyper-V'],
  virtualbox: ['VirtualBox'],
  xen: ['Xen', 'XEN'],
  rhev: ['RHEV'],
  'intel-vt-x': ['VT-x', 'Intel VT-x'],
  flexpriority: ['FlexPriority'],
  flexmigration: ['FlexMigration'],
  ept: ['EPT', '扩展页表'],
  'intel-vt-d': ['VT-d'],
  'intel-vt-c': ['VT-c'],
  vmdq: ['VMDq'],
  vmdc: ['VMDc'],
  'amd-v': ['AMD-V'],
  npt: ['RVI', 'NPT'],
  'cloud-computing': ['云计算', 'cloud computing'],
  'public-cloud': ['公有云'],
  'private-cloud': ['私有云'],
  'hybrid-cloud': ['混合云'],
  iaas: ['IaaS'],
  paas: ['PaaS'],
  saas: ['SaaS'],
};

/**
 * Seed terms that are everyday English words too: they hover only where they are names (next to
 * Chinese text, or capitalized inside a sentence), never in ordinary English prose.
 */
const SEED_WORD_NAMES: Record<string, string[]> = { wine: ['Wine'], crossover: ['CrossOver'], pouch: ['Pouch'] };

/** Words too ordinary to trigger a hover anywhere. */
const EVERYDAY = new Set(
  'host guest cloud image disk network server storage memory cpu driver device file system machine virtual software hardware data container containers migration isolation encapsulation desktop application library snapshot pool volume 云 主机 服务器 网络 存储 内存 磁盘 镜像 隔离 封装 迁移 模拟'.split(
    ' ',
  ),
);

describe('knowledge base integrity', () => {
  it('has the primer and the extended topics: at least 100 concepts in 13 categories', () => {
    assert.ok(data.concepts.length >= 100, `only ${data.concepts.length} concepts`);
    assert.equal(data.categories.length, 13);
  });

  it('puts every concept in exactly one category, the one it names', () => {
    const seen = new Map<string, string>();
    for (const cat of data.categories) {
      for (const id of cat.concepts) {
        assert.ok(!seen.has(id), `${id} is listed in ${seen.get(id)} and ${cat.id}`);
        seen.set(id, cat.id);
        assert.equal(kb.get(id)?.category, cat.id, `${id}: categories.yaml lists it under ${cat.id}`);
      }
    }
    for (const c of data.concepts) assert.ok(seen.has(c.id), `${c.id} is in no category's list`);
  });

  for (const lang of LANGS) {
    it(`has name, definition, article and aliases in ${lang} for every concept`, () => {
      for (const c of data.concepts) {
        const t = c.text[lang];
        assert.ok(t.name.trim(), `${c.id}: no ${lang} name`);
        assert.ok(t.definition.length >= 20, `${c.id}: ${lang} definition too short`);
        assert.ok(
          t.definition.length <= (lang === 'en' ? 420 : 220),
          `${c.id}: ${lang} definition too long for a hover`,
        );
        assert.ok(t.article.length >= (lang === 'en' ? 400 : 150), `${c.id}: ${lang} article too short`);
        // Markup belongs in code (XML examples are welcome there); prose has none.
        const prose = t.article.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
        assert.ok(!/<[a-z!/]/i.test(prose), `${c.id}: raw HTML in the ${lang} article outside code`);
      }
    });
  }

  it('gives every concept at least one hover term', () => {
    for (const c of data.concepts) {
      const terms = [...c.text.en.aliases, ...c.text['zh-cn'].aliases, ...c.cpuFlags];
      assert.ok(terms.length > 0, `${c.id}: no alias`);
    }
  });

  it('resolves every related link and lists no concept as related to itself', () => {
    for (const c of data.concepts) {
      for (const r of c.related) {
        assert.ok(kb.get(r), `${c.id}: related "${r}" does not exist`);
        assert.notEqual(r, c.id, `${c.id} is related to itself`);
      }
    }
  });

  it('cites at least one authoritative https reference per concept', () => {
    for (const c of data.concepts) {
      assert.ok(c.references.length > 0, `${c.id}: no reference`);
      for (const r of c.references) assert.match(r.url, /^https:\/\/[^\s]+$/, `${c.id}: bad reference URL ${r.url}`);
    }
  });

  it('lets no two concepts claim the same alias', () => {
    const owner = new Map<string, string>();
    for (const c of data.concepts) {
      const terms = [...c.text.en.aliases, ...c.text['zh-cn'].aliases];
      for (const t of [...terms, ...c.text.en.wordAliases, ...c.text['zh-cn'].wordAliases]) {
        const key = isExactTerm(t) ? t : t.toLowerCase();
        const prev = owner.get(key);
        assert.ok(prev === undefined || prev === c.id, `alias "${t}" is claimed by ${prev} and ${c.id}`);
        owner.set(key, c.id);
      }
    }
  });

  it('uses no everyday word as a hover term', () => {
    for (const c of data.concepts) {
      for (const t of [...c.text.en.aliases, ...c.text['zh-cn'].aliases]) {
        assert.ok(!EVERYDAY.has(t.toLowerCase()), `${c.id}: "${t}" is an everyday word; move it to keywords`);
        assert.ok(t.trim() === t && t.length >= 2, `${c.id}: alias "${t}" is too short or padded`);
      }
    }
  });

  it('resolves every seed term to its entry by hover', () => {
    const m = kb.termMatcher;
    for (const [id, terms] of Object.entries(SEED_TERMS)) {
      assert.ok(kb.get(id), `seed concept ${id} is missing`);
      for (const term of terms) {
        const hit = m.lookup(term, 0);
        assert.equal(hit?.conceptId, id, `"${term}" should lead to ${id}, got ${hit?.conceptId}`);
        assert.equal(hit?.end, term.length, `"${term}" should match whole`);
      }
    }
  });

  it('finds the everyday-word seed terms where they are names, and by search', () => {
    const m = kb.termMatcher;
    const hit = (text: string, term: string) => m.lookup(text, text.indexOf(term))?.conceptId;
    for (const [id, terms] of Object.entries(SEED_WORD_NAMES)) {
      const c = kb.get(id);
      assert.ok(c, `seed concept ${id} is missing`);
      const searchable = [c.text.en.name, ...c.text.en.aliases, ...c.text.en.wordAliases, ...c.text.en.keywords].map(
        (t) => t.toLowerCase(),
      );
      for (const term of terms) {
        assert.ok(searchable.includes(term.toLowerCase()), `${id}: "${term}" is not searchable`);
        assert.equal(hit(`可以用 ${term} 运行`, term), id, `${id}: "${term}" in a Chinese sentence`);
        assert.equal(hit(`用${term}运行`, term), id, `${id}: "${term}" between Chinese characters`);
        assert.equal(hit(`You can try ${term} here.`, term), id, `${id}: "${term}" as a name in English`);
        const word = term.toLowerCase();
        assert.equal(hit(`I found some ${word} there.`, word), undefined, `${id}: "${word}" in English prose`);
      }
    }
  });

  it('keeps word aliases to capitalized single words that are no ordinary alias', () => {
    for (const c of data.concepts) {
      for (const lang of LANGS) {
        for (const w of c.text[lang].wordAliases) {
          assert.match(w, /^\p{Lu}[\p{L}\d-]*$/u, `${c.id}: word alias "${w}" is not one capitalized word`);
          const all = [...c.text.en.aliases, ...c.text['zh-cn'].aliases].map((a) => a.toLowerCase());
          assert.ok(!all.includes(w.toLowerCase()), `${c.id}: "${w}" is both an alias and a word alias`);
        }
      }
    }
  });

  it('links every CPU flag to an existing concept, with a meaning in both languages', () => {
    assert.ok(data.cpuFlags.length >= 30, `only ${data.cpuFlags.length} CPU flags`);
    for (const f of data.cpuFlags) {
      assert.ok(kb.get(f.concept), `flag ${f.flag}: concept ${f.concept} does not exist`);
      assert.ok(f.en?.trim() && f['zh-cn']?.trim(), `flag ${f.flag}: meaning missing in a language`);
      assert.match(f.flag, /^[a-z0-9_]+$/, `flag ${f.flag}: not a kernel flag name`);
      assert.ok(f.line === 'flags' || f.line === 'vmx flags', `flag ${f.flag}: line must be "flags" or "vmx flags"`);
    }
  });

  it('links a CPU flag to the concept that claims it', () => {
    for (const c of data.concepts) {
      for (const flag of c.cpuFlags) {
        for (const f of data.cpuFlags.filter((x) => x.flag === flag)) {
          assert.equal(f.concept, c.id, `cpu-flags.yaml links ${flag} to ${f.concept}, but ${c.id} claims it`);
        }
      }
    }
  });

  it('names the cpuinfo flags of the CPU features', () => {
    const expect: Record<string, string> = {
      'intel-vt-x': 'vmx',
      'amd-v': 'svm',
      ept: 'ept',
      npt: 'npt',
      vpid: 'vpid',
    };
    for (const [id, flag] of Object.entries(expect))
      assert.ok(kb.get(id)?.cpuFlags.includes(flag), `${id} should name ${flag}`);
  });
});
