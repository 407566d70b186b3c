// Every term the primer introduces hovers: the primer is the text this extension started
// from, so a reader of it should get a definition wherever the primer names something.
// The primer is read through the same matcher the hover feature uses, in place, so word
// boundaries are judged as they would be in an editor.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { primerTerms, type PrimerTerm } from './primerTerms';

// The primer is someone else's text: it is read where the project keeps it (../shared/seed, present
// beside every checkout and in CI), not copied into this repository.
const SHARED_SEED = path.resolve(__dirname, '../../../shared/seed/virtualization-and-cloud-basics.zh-CN.md');
if (!existsSync(SHARED_SEED))
  throw new Error(`The primer is missing: ${SHARED_SEED} (the shared/ folder beside the checkout)`);
const PRIMER = readFileSync(SHARED_SEED, 'utf8');

const kb = new KnowledgeBase(loadContent());

const EVERYDAY = 'an everyday word: as an alias it would hover in any text';
const OS = 'an operating system named as an example, outside the knowledge base';
const VENDOR = 'a company named as an example, outside the knowledge base';

/**
 * Terms of the primer that do not hover, each with the reason. Keys are the term as the primer
 * writes it; Latin names are compared without regard to case.
 */
const EXCEPTIONS: Record<string, string> = {
  // Too generic to be an alias (content/README.md: an alias must be specific).
  封装: `${EVERYDAY} (packaging, encapsulation in programming); vm-encapsulation hovers on 虚拟机封装`,
  相互隔离: `${EVERYDAY} (networks and departments are 相互隔离 too); vm-isolation hovers on 虚拟机之间相互隔离`,
  主机: `${EVERYDAY} ("a computer"); host-and-guest hovers on 宿主机`,
  host: EVERYDAY,
  云: EVERYDAY,
  中断: `${EVERYDAY} in computing (any interrupt); the interrupt-virtualization entries have specific names`,
  平台服务: `${EVERYDAY} in Chinese business text (开放平台服务); a keyword of paas, and the PaaS beside it hovers`,
  软件服务: `${EVERYDAY} in Chinese business text (软件服务商); a keyword of saas, and the SaaS beside it hovers`,
  CPU: EVERYDAY,
  IO: `${EVERYDAY}: I/O in general, not one concept`,
  'I/O': `${EVERYDAY}: I/O in general, not one concept`,
  IT: EVERYDAY,
  APP: EVERYDAY,
  'Linux Container':
    'ambiguous: "a Linux container" is any container, while "Linux Containers" is the LXC project; the LXC beside it hovers',
  // Names outside the knowledge base: examples the primer gives, not virtualization concepts.
  linux: OS,
  windows: OS,
  mac: OS,
  'mac OS': OS,
  unix: OS,
  iPad: 'a device named as an example (desktop virtualization reaches tablets)',
  Android: OS,
  Intel: VENDOR,
  AMD: VENDOR,
  Google: VENDOR,
  VMware: `${VENDOR}; its products (VMware Workstation, VMware ESXi) hover`,
  aws: 'a public cloud provider named as an example; public-cloud covers it',
  azure: 'a public cloud provider named as an example; public-cloud covers it',
  'Eric Schmidt': 'a person, in the history of the term cloud computing',
  Redis: 'a database named as a PaaS example; paas covers it',
  RDS: 'a database service named as a PaaS example; paas covers it',
  OA: 'office automation software named as a SaaS example; saas covers it',
  DNS: 'name resolution, a deployment step outside virtualization',
  // Everyday English words as names: hovered next to Chinese text once that rule lands.
};

const key = (t: PrimerTerm) => (/^[\x20-\x7e]+$/.test(t.term) ? t.term.toLowerCase() : t.term);
const exceptionKeys = new Map(Object.keys(EXCEPTIONS).map((k) => [/^[\x20-\x7e]+$/.test(k) ? k.toLowerCase() : k, k]));

/** The concept a hover on some character of the term shows, or undefined if none does. */
function hoverOn(t: PrimerTerm): string | undefined {
  for (let at = t.start; at < t.start + t.term.length; at++) {
    const hit = kb.termMatcher.lookup(PRIMER, at);
    if (hit) return hit.conceptId;
  }
  return undefined;
}

describe('the primer: every term it introduces hovers', () => {
  const terms = primerTerms(PRIMER);

  it('reads the terms out of the primer: headings, bold, list items, definitions, names', () => {
    assert.ok(terms.length > 150, `only ${terms.length} terms read`);
    for (const kind of ['heading', 'bold', 'quoted', 'item', 'defined', 'name'] as const)
      assert.ok(
        terms.some((t) => t.kind === kind),
        `no ${kind} read`,
      );
    const read = new Set(terms.map((t) => t.term));
    for (const t of [
      '虚拟化类型',
      '传统的物理机部署方案',
      '封装',
      'full virtualization',
      'Intel VT Flex Priority',
      '扩展页表',
      '平台服务',
      'IDC',
      'pouch',
    ])
      assert.ok(read.has(t), `"${t}" was not read`);
  });

  it('finds a hover for every term, except the named exceptions', () => {
    const missing = [
      ...new Set(terms.filter((t) => !hoverOn(t) && !exceptionKeys.has(key(t))).map((t) => `${t.term} (${t.kind})`)),
    ];
    assert.deepEqual(missing, [], 'these primer terms do not hover: give them an alias, or name them in EXCEPTIONS');
  });

  it('names no exception that hovers now or that the primer does not use', () => {
    const stale = Object.keys(EXCEPTIONS).filter((k) => {
      const uses = terms.filter((t) => exceptionKeys.get(key(t)) === k);
      return uses.length === 0 || uses.every((t) => hoverOn(t) !== undefined);
    });
    assert.deepEqual(stale, [], 'remove these from EXCEPTIONS');
  });

  it("leads the primer's key terms to their own entries", () => {
    // A hover that only finds a shorter word inside a term (虚拟机 in 全虚拟机化) is wrong.
    const expect: Record<string, string> = {
      全虚拟机化: 'full-virtualization',
      容器虚技术: 'containers',
      传统的物理机部署方案: 'traditional-deployment',
      直接运行到物理机: 'type1-hypervisor',
      需要运行到操作系统: 'type2-hypervisor',
      IDC: 'idc',
      基础设施服务: 'iaas',
      'Intel VT Flex Migration': 'flexmigration',
      'paralles desktop': 'parallels-desktop',
    };
    for (const [term, id] of Object.entries(expect)) {
      const t = terms.find((x) => x.term === term);
      assert.ok(t, `"${term}" was not read from the primer`);
      assert.equal(hoverOn(t), id, `"${term}"`);
    }
  });
});
