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

/** Small valid documents of the other kinds, each with the schema that judges it. */
export const OTHER_VALID_DOCUMENTS: readonly (readonly [text: string, schema: string])[] = [
  ["<network><name>n</name><forward mode='nat'/></network>", 'network'],
  ["<pool type='dir'><name>p</name><target><path>/var/lib/libvirt/images</path></target></pool>", 'storagepool'],
  [
    "<volume><name>v.qcow2</name><capacity unit='G'>1</capacity><target><format type='qcow2'/></target></volume>",
    'storagevol',
  ],
  ['<domainsnapshot><name>s</name></domainsnapshot>', 'domainsnapshot'],
];
