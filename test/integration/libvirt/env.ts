// The daemon the real-libvirt tier started (test/harness/runLibvirt.mjs).
export function libvirtUris(): { local: string; ssh: string } {
  const local = process.env.VIRTKIT_TEST_LIBVIRT_URI;
  const ssh = process.env.VIRTKIT_TEST_SSH_URI;
  if (!local || !ssh)
    throw new Error('VIRTKIT_TEST_LIBVIRT_URI / VIRTKIT_TEST_SSH_URI are not set: run `npm run test:libvirt`');
  return { local, ssh };
}

/** What the fault tests break: a private libvirtd (killed and started again), a refused SSH key. */
export function faultEnv(): { privateUri: string; privateDir: string; refusedUri: string } {
  const privateUri = process.env.VIRTKIT_TEST_PRIVATE_LIBVIRT_URI;
  const privateDir = process.env.VIRTKIT_TEST_PRIVATE_LIBVIRT_DIR;
  const refusedUri = process.env.VIRTKIT_TEST_SSH_REFUSED_URI;
  if (!privateUri || !privateDir || !refusedUri)
    throw new Error(
      'VIRTKIT_TEST_PRIVATE_LIBVIRT_* / VIRTKIT_TEST_SSH_REFUSED_URI are not set: run `npm run test:libvirt`',
    );
  return { privateUri, privateDir, refusedUri };
}
