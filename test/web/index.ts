// Entry point of the web tier: VS Code's web worker extension host loads this module (the
// extension runs from its `browser` entry) and calls run(). The suites are the Node
// integration tier's own files, those that apply where there is no machine to inspect.
import { install, runAll } from './bdd';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  install();
  await import('../integration/activation.test');
  await import('../integration/concepts.test');
  await import('../integration/hover.test');
  await import('../integration/reference.test');
  await import('../integration/qemuLanguage.test');
  await import('../integration/libvirtCompletion.test');
  await import('./webOnly.test');
  const c = await runAll();
  console.log(`web: ${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped (VS Code ${vscode.version})`);
  if (c.failed > 0 || c.passed === 0) throw new Error(`${c.failed} web test(s) failed`);
}
