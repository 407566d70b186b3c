// QEMU completion and checks through VS Code's own commands: vscode.executeCompletionItemProvider
// and vscode.languages.getDiagnostics, on fixture documents (test/fixtures/workspace) and
// untitled ones in each language the feature serves, plus hostile input.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, openDoc, positionOf, waitFor, completions, completionLabel as label } from './util';

/** Our items only: the editor may add word-based suggestions of its own. */
const ours = (items: vscode.CompletionItem[]): vscode.CompletionItem[] =>
  items.filter((i) => typeof i.documentation === 'object' && /qemu-system-/.test(i.documentation.value));

const qemuProblems = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => typeof d.source === 'string' && d.source.startsWith('VirtKit (QEMU'));

/** Waits until the checks of `doc` have run (at least `min` problems), then returns them. */
function problems(doc: vscode.TextDocument, min = 1): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const found = qemuProblems(doc.uri);
    return found.length >= min ? found : undefined;
  }, `QEMU problems in ${doc.uri.toString()}`);
}

describe('QEMU completion and checks', () => {
  before(async () => {
    await activateExtension();
  });

  it('completes options, with the argument hint QEMU prints', async () => {
    const doc = await openDoc('qemu-system-x86_64 -enable-kvm -mach', 'shellscript');
    const items = ours(await completions(doc, doc.positionAt(doc.getText().length)));
    const machine = items.find((i) => label(i) === '-machine');
    assert.ok(machine, `no -machine among ${items.length} items`);
    assert.match(machine.detail ?? '', /^-machine \[type=\]name/);
    assert.ok(items.some((i) => label(i) === '-device'));
  });

  it('completes a device’s properties with type and default on a continuation line of a script', async () => {
    const doc = await openDoc('qemu-checks.sh');
    const items = ours(await completions(doc, positionOf(doc, 'virtio-rng-pci,', 'virtio-rng-pci,'.length)));
    const names = items.map(label);
    assert.ok(names.includes('max-bytes'), names.slice(0, 20).join(' '));
    const addr = items.find((i) => label(i) === 'addr');
    assert.match(addr?.detail ?? '', /int32/);
    assert.match(addr?.detail ?? '', /-1/);
  });

  it('completes machine types and CPU models of the architecture a Markdown code block names', async () => {
    const doc = await openDoc('qemu-notes.md');
    const cpus = ours(await completions(doc, positionOf(doc, 'cortex-a57', 'cortex'.length))).map(label);
    assert.ok(cpus.includes('cortex-a72'));
    assert.ok(!cpus.includes('Broadwell'), 'x86 CPU models offered on aarch64');
    const machines = ours(await completions(doc, positionOf(doc, '-machine virt', '-machine v'.length))).map(label);
    assert.ok(machines.includes('virt'));
    // Outside the command, nothing of ours.
    assert.deepEqual(ours(await completions(doc, positionOf(doc, 'mentions -machine', 'mentions -mach'.length))), []);
  });

  it('offers nothing for other architectures', async () => {
    const doc = await openDoc('qemu-checks.sh');
    assert.deepEqual(ours(await completions(doc, positionOf(doc, 'riscv64 -machine', 'riscv64 -mach'.length))), []);
  });

  it('shows unknown and removed options, unknown devices and properties and unused ids in the Problems panel', async () => {
    const doc = await openDoc('qemu-checks.sh');
    const found = await problems(doc, 4);
    const byCode = new Map(found.map((d) => [String(d.code), d]));
    assert.deepEqual(
      [...byCode.keys()].sort(),
      ['removed-option', 'unknown-device', 'unknown-property', 'unused-id'].sort(),
      found.map((d) => `${d.code}: ${d.message}`).join('\n'),
    );
    const removed = byCode.get('removed-option');
    assert.equal(doc.getText(removed?.range), '-soundhw');
    assert.match(removed?.message ?? '', /-soundhw/);
    assert.match(removed?.message ?? '', /7\.1/);
    assert.equal(removed?.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(byCode.get('unknown-property')?.range), 'bogus-prop');
    assert.equal(doc.getText(byCode.get('unknown-device')?.range), 'virtio-nett-pci');
    assert.equal(doc.getText(byCode.get('unused-id')?.range), 'spare0');
    assert.equal(byCode.get('unused-id')?.severity, vscode.DiagnosticSeverity.Warning);
    // The trailing comma of the last device is not a problem; neither are `ls` nor riscv64.
    for (const d of found)
      assert.ok(d.range.start.line >= 3 && d.range.end.line <= 10, `${d.message} on line ${d.range.start.line}`);
  });

  it('checks again after an edit, in plain text too', async () => {
    const doc = await openDoc('qemu-system-aarch64 -machine virt -device virtio-nett-pci', 'plaintext');
    const [first] = await problems(doc);
    assert.equal(first.code, 'unknown-device');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document === doc);
    await editor.edit((e) => e.replace(doc.validateRange(first.range), 'virtio-net-pci'));
    await waitFor(() => (qemuProblems(doc.uri).length === 0 ? true : undefined), 'the problem to go');
    await editor.edit((e) => e.insert(doc.positionAt(doc.getText().length), ' -no-such-option'));
    const [again] = await problems(doc);
    assert.equal(again.code, 'unknown-option');
    assert.equal(doc.getText(again.range), '-no-such-option');
  });

  it('survives hostile input: a 1 MB line, unbalanced quotes, ,, escapes and Unicode', async () => {
    const long = `qemu-system-x86_64 -device "virtio-net-pci,${'x=,,é,'.repeat(170_000)}\n-device 'e1000,虚拟化=1 -m`;
    let t0 = Date.now();
    const doc = await openDoc(long, 'plaintext');
    console.log(`    (opening a 1 MB QEMU line: ${Date.now() - t0} ms)`);
    t0 = Date.now();
    for (const at of [0, 30, long.length >> 1, long.length]) await completions(doc, doc.positionAt(at));
    console.log(`    (four completions on it: ${Date.now() - t0} ms)`);
    t0 = Date.now();
    const found = await problems(doc, 1);
    console.log(`    (its checks: ${Date.now() - t0} ms, ${found.length} problems)`);
    assert.ok(found.length <= 1000, `${found.length} problems: the list is bounded`);
    const text = await openDoc('not QEMU at all: -machine -device ,,, "\'', 'shellscript');
    assert.deepEqual(ours(await completions(text, text.positionAt(20))), []);
  });
});
