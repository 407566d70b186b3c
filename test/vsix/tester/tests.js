// Runs in the extension host next to the installed VirtKit (from the .vsix, not from source):
// it must be there, activate, and answer a hover and a command. Reports "vsix: N passed, N failed".
const assert = require('node:assert/strict');
const vscode = require('vscode');

const checks = [
  [
    'VirtKit is installed from the .vsix, not loaded for development',
    async () => {
      const ext = vscode.extensions.getExtension('virtkit.virtkit');
      assert.ok(ext, 'virtkit.virtkit is installed');
      // Installed into the test's own extensions folder by the server's --install-extension.
      assert.match(ext.extensionPath, /virtkit-vsix-extensions/);
    },
  ],
  [
    'it activates and returns its API',
    async () => {
      const api = await vscode.extensions.getExtension('virtkit.virtkit').activate();
      assert.equal(api.apiVersion, 1);
    },
  ],
  [
    'a hover works from the packaged bundle',
    async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '虚拟化 and KVM\n' });
      const hovers = await vscode.commands.executeCommand(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(0, 1),
      );
      const text = hovers
        .flatMap((h) => h.contents)
        .map((c) => (typeof c === 'string' ? c : c.value))
        .join('\n');
      assert.match(text, /Virtualization/);
    },
  ],
  [
    'the article panel opens from the packaged webview assets',
    async () => {
      await vscode.commands.executeCommand('virtkit.openArticle', 'kvm');
      const isArticle = (t) =>
        t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('virtkit.article');
      for (let i = 0; i < 100; i++) {
        if (vscode.window.tabGroups.all.flatMap((g) => g.tabs).some(isArticle)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail('no article panel within 10 s');
    },
  ],
];

exports.run = async function run() {
  let passed = 0;
  let failed = 0;
  for (const [name, check] of checks) {
    try {
      await check();
      passed++;
      console.log(`  ✔ ${name}`);
    } catch (e) {
      failed++;
      console.log(`  ✖ ${name}: ${e && e.message}`);
    }
  }
  console.log(`vsix: ${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} .vsix check(s) failed`);
};
