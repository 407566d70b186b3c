// The daemon the real-libvirt tier started (test/harness/runLibvirt.mjs).
export function libvirtUris(): { local: string; ssh: string } {
  const local = process.env.VIRTKIT_TEST_LIBVIRT_URI;
  const ssh = process.env.VIRTKIT_TEST_SSH_URI;
  if (!local || !ssh)
    throw new Error('VIRTKIT_TEST_LIBVIRT_URI / VIRTKIT_TEST_SSH_URI are not set: run `npm run test:libvirt`');
  return { local, ssh };
}
