// Entry point of the extension-host half of the real-libvirt tier (test/harness/runLibvirt.mjs):
// suites that need a real libvirtd, which the harness has started and names in
// VIRTKIT_TEST_LIBVIRT_URI (and VIRTKIT_TEST_SSH_URI for the same daemon over SSH).
import { runMochaTier } from './mochaRun';

export function run(): Promise<void> {
  return runMochaTier('libvirt-host', async () => {
    await import('./libvirt/inspect.test');
    await import('./libvirt/machineActions.test');
    await import('./libvirt/qemuNative.test');
    await import('./libvirt/hostValues.test');
    await import('./libvirt/libvirtFs.test');
    await import('./libvirt/faults.test');
    await import('./libvirt/liveEvents.test');
    await import('./libvirt/domainActions.test');
    await import('./libvirt/networkPoolActions.test');
    await import('./libvirt/domainIds.test');
  });
}
