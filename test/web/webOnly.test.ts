import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from '../integration/util';

describe('in the web worker extension host', () => {
  it('runs without Node: no process global, the browser entry is the one loaded', () => {
    assert.equal(typeof (globalThis as { process?: unknown }).process, 'undefined');
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
  });

  it('says the host check needs a desktop or remote window, and reports no host access', async () => {
    const ext = await activateExtension();
    const report = await (
      ext.exports as unknown as { probeHost(): Promise<{ verdict: { code: string } }> }
    ).probeHost();
    assert.equal(report.verdict.code, 'no-host-access');
  });
});
