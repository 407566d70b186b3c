import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { loadContent } from 'virtkit:content';
import { KnowledgeBase } from '../../src/core/concepts/knowledgeBase';
import { LINUX_VERDICT_CODES, type HostReport } from '../../src/core/host/types';
import { buildHostView, hostViewToMarkdown } from '../../src/core/hostView/hostView';
import type { VirtKitApi } from '../../src/extension';
import { activateExtension, waitFor, webviewTabs } from './util';

const fixtureRoot = (name: string) => path.resolve(__dirname, '../../test/fixtures/host', name);
const LINUX_CODES: readonly string[] = LINUX_VERDICT_CODES;

describe('host check in the extension host', () => {
  let api: VirtKitApi;
  before(async () => {
    api = (await activateExtension()).exports as unknown as VirtKitApi;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('probes this machine, whatever it is, and names it', async function () {
    if (process.platform !== 'linux') this.skip();
    const report = await api.probeHost();
    console.log(`this machine: ${report.verdict.code} (${report.cpu.model ?? '?'}; /dev/kvm ${report.kvm.device})`);
    assert.equal(report.schemaVersion, 1);
    assert.equal(report.host.platform, 'linux');
    assert.ok(LINUX_CODES.includes(report.verdict.code), report.verdict.code);
    assert.ok(report.verdict.summary.length > 0);
    assert.ok(report.host.hostname, 'the report names the machine');
    // Facts that must agree with the machine itself, read here independently of the probe.
    if (existsSync('/dev/kvm')) assert.notEqual(report.kvm.device, 'absent');
    else assert.equal(report.kvm.device, 'absent');
    if (report.virtualization.extension === 'vmx') assert.equal(report.cpu.vendor, 'intel');
    if (report.verdict.code === 'kvm-usable') assert.equal(report.kvm.device, 'usable');
  });

  it('probes copied trees: an Intel KVM host, an AMD SEV host, a guest without VT-x, an arm64 host', async () => {
    const intel = await api.probeHost({ root: fixtureRoot('intel-vmx-host') });
    assert.equal(intel.verdict.code, 'kvm-usable');
    assert.equal(intel.virtualization.extension, 'vmx');
    assert.equal(intel.virtualization.slat, 'ept');
    assert.equal(intel.iommu.acpiTable, 'DMAR');
    assert.equal(intel.host.remoteName, undefined, 'a probed tree is not the remote machine');

    const amd = await api.probeHost({ root: fixtureRoot('amd-sev-host') });
    assert.equal(amd.virtualization.extension, 'svm');
    assert.equal(amd.virtualization.slat, 'npt');
    assert.equal(amd.confidential.sev, true);

    const guest = await api.probeHost({ root: fixtureRoot('kvm-guest') });
    assert.equal(guest.verdict.code, 'not-exposed-to-guest');
    assert.equal(guest.guest.inVirtualMachine, true);
    assert.ok(guest.verdict.hints.some((h) => h.includes('host-passthrough')));

    const arm = await api.probeHost({ root: fixtureRoot('arm64-host') });
    assert.equal(arm.host.arch, 'arm64', 'the architecture follows the probed cpuinfo');
    assert.equal(arm.verdict.code, 'kvm-usable');
  });

  it('reports a missing root as unreadable instead of throwing', async () => {
    const report = await api.probeHost({ root: fixtureRoot('no-such-root') });
    assert.ok(report.unreadable.some((u) => u.source.includes('cpuinfo')));
    assert.ok(['unknown', 'unsupported'].includes(report.verdict.code), report.verdict.code);
  });

  it('names the copied tree it probed, and only then', async () => {
    const root = fixtureRoot('intel-vmx-host');
    assert.equal((await api.probeHost({ root })).host.probedRoot, root);
    if (process.platform === 'linux') assert.equal((await api.probeHost()).host.probedRoot, null);
  });

  describe('the virtkit.hostCheck.root setting in a trusted window', () => {
    const config = () => vscode.workspace.getConfiguration('virtkit');
    before(() => assert.equal(vscode.workspace.isTrusted, true));
    afterEach(async () => {
      await config().update('hostCheck.root', undefined, vscode.ConfigurationTarget.Global);
    });

    it('an absolute root: the panel reports the copied tree and says so in its banner, Markdown and JSON', async () => {
      const root = fixtureRoot('intel-vmx-host');
      await config().update('hostCheck.root', root, vscode.ConfigurationTarget.Global);
      const report = await vscode.commands.executeCommand<HostReport>('virtkit.checkHost');
      await waitFor(() => webviewTabs('virtkit.hostCheck')[0], 'the host-check panel');
      assert.equal(report.host.probedRoot, root, 'the JSON names the tree');
      assert.equal(report.cpu.model, 'Intel(R) Xeon(R) CPU E5-2670 0 @ 2.60GHz', 'the tree was probed');
      assert.equal(report.host.remoteName, undefined, 'a probed tree is not the remote machine');
      assert.match(JSON.stringify(report), /"probedRoot":/);
      // What the panel builds from that report: its banner and its Markdown.
      const kb = new KnowledgeBase(loadContent());
      for (const lang of ['en', 'zh-cn'] as const) {
        const view = buildHostView(report, kb, lang);
        assert.ok(view.banner?.includes(root), view.banner ?? 'no banner');
        const md = hostViewToMarkdown(view);
        assert.match(md, lang === 'en' ? /^> \*\*⚠ Not this machine/m : /^> \*\*⚠ 这不是本机/m);
      }
    });

    it('a relative root is refused, not resolved against the working directory', async () => {
      const relative = path.relative(process.cwd(), fixtureRoot('intel-vmx-host'));
      await config().update('hostCheck.root', relative, vscode.ConfigurationTarget.Global);
      const report = await vscode.commands.executeCommand<HostReport>('virtkit.checkHost');
      assert.equal(report.verdict.key, 'root-not-absolute', report.verdict.summary);
      assert.equal(report.cpu.model, null, 'nothing was probed');
      assert.equal(report.host.probedRoot, null);
    });
  });

  it('opens the host-check panel from its command, once', async () => {
    await vscode.commands.executeCommand('virtkit.checkHost');
    await waitFor(() => webviewTabs('virtkit.hostCheck')[0], 'the host-check panel');
    await vscode.commands.executeCommand('virtkit.checkHost');
    assert.equal(webviewTabs('virtkit.hostCheck').length, 1);
  });
});
