// The definition of the small real guests of the real-libvirt and UI tiers, in plain JavaScript
// so that both the TypeScript suites (through test/libvirt/guests.ts) and the UI tests (.mjs)
// use this one copy: TCG (`type='qemu'`: KVM with `-cpu host` does not start on the project's
// machines), 128 MiB, a qcow2 scratch disk, a pty serial console and VNC on 127.0.0.1.

/** `s` as XML text or attribute value (the guests' names are hostile on purpose). */
export const xmlText = (s) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

export function tcgDomainXml(name, diskPath) {
  return `<domain type='qemu'>
  <name>${xmlText(name)}</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${xmlText(diskPath)}'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='pty'/>
    <console type='pty'/>
    <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>
  </devices>
</domain>
`;
}
