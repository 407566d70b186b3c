// Entry point of the integration tier: VS Code (desktop through @vscode/test-electron, or
// the offline server) loads this module in the extension host and calls run().
import { runMochaTier } from './mochaRun';

export function run(): Promise<void> {
  return runMochaTier('integration', async () => {
    await import('./activation.test');
    await import('./concepts.test');
    await import('./hover.test');
    await import('./hostCheck.test');
    await import('./reference.test');
    await import('./qemuLanguage.test');
    await import('./qemuInstalled.test');
    await import('./qemuConvert.test');
    await import('./libvirtCompletion.test');
    await import('./snippetsValidation.test');
    await import('./hostile.test');
    await import('./machines.test');
    if (process.env.VIRTKIT_DELIBERATE_FAILURE === '1') await import('./deliberateFailure.test');
  });
}
