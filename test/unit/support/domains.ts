// A small valid libvirt domain that several unit tests start from (validators, DOCTYPE refusal).
export const VALID_DOMAIN = `<domain type='kvm'>
  <name>demo</name>
  <memory unit='MiB'>512</memory>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <source file='/var/lib/libvirt/images/demo.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
  </devices>
</domain>
`;
