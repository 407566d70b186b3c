// The domain XML the "New Virtual Machine…" quick pick writes into an editor, so the person
// sees (and can change) what will be defined before anything reaches a host. Every value is
// escaped for XML: a name or a path may hold quotes, `&`, `<`, CJK or emoji.

export interface NewDomainOptions {
  readonly name: string;
  readonly memoryMiB: number;
  readonly vcpus: number;
  /** `kvm` (hardware virtualization) or `qemu` (emulation, TCG: slower, works everywhere). */
  readonly type: 'kvm' | 'qemu';
  /** The disk image; undefined for a guest without a disk. */
  readonly diskPath?: string;
  /** Its size, for the comment that says how to create it. */
  readonly diskSizeGiB?: number;
  /** True when the disk was created by VirtKit (vol-create-as): no "must exist" note. */
  readonly diskCreated?: boolean;
  /** An installation ISO, attached as a CD-ROM and booted first. */
  readonly isoPath?: string;
  /** A libvirt network (`default`); undefined for none. */
  readonly network?: string;
}

/** XML-escapes text for element content and for single- or double-quoted attributes. */
export function xmlEscape(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A comment may not contain `--` nor end in `-`. */
function commentSafe(s: string): string {
  return s.replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

/** The domain XML for the options (x86_64, q35, virtio devices, VNC on 127.0.0.1 only). */
export function newDomainXml(o: NewDomainOptions): string {
  const lines: string[] = [];
  lines.push(`<domain type='${o.type}'>`);
  lines.push(`  <name>${xmlEscape(o.name)}</name>`);
  lines.push(`  <memory unit='MiB'>${Math.round(o.memoryMiB)}</memory>`);
  lines.push(`  <vcpu>${Math.round(o.vcpus)}</vcpu>`);
  lines.push(`  <os>`);
  lines.push(`    <type arch='x86_64' machine='q35'>hvm</type>`);
  if (o.isoPath) lines.push(`    <boot dev='cdrom'/>`);
  lines.push(`    <boot dev='hd'/>`);
  lines.push(`  </os>`);
  lines.push(`  <features>`, `    <acpi/>`, `    <apic/>`, `  </features>`);
  // host-passthrough needs KVM; emulation gets libvirt's default CPU model.
  if (o.type === 'kvm') lines.push(`  <cpu mode='host-passthrough'/>`);
  lines.push(`  <devices>`);
  if (o.diskPath) {
    if (!o.diskCreated) {
      const size = o.diskSizeGiB ?? 20;
      lines.push(
        `    <!-- ${commentSafe(
          `This disk must exist before the guest starts; defining does not create it. For example: qemu-img create -f qcow2 '${o.diskPath}' ${size}G`,
        )} -->`,
      );
    }
    lines.push(`    <disk type='file' device='disk'>`);
    lines.push(`      <driver name='qemu' type='qcow2'/>`);
    lines.push(`      <source file='${xmlEscape(o.diskPath)}'/>`);
    lines.push(`      <target dev='vda' bus='virtio'/>`);
    lines.push(`    </disk>`);
  }
  if (o.isoPath) {
    lines.push(`    <disk type='file' device='cdrom'>`);
    lines.push(`      <driver name='qemu' type='raw'/>`);
    lines.push(`      <source file='${xmlEscape(o.isoPath)}'/>`);
    lines.push(`      <target dev='sda' bus='sata'/>`);
    lines.push(`      <readonly/>`);
    lines.push(`    </disk>`);
  }
  if (o.network) {
    lines.push(`    <interface type='network'>`);
    lines.push(`      <source network='${xmlEscape(o.network)}'/>`);
    lines.push(`      <model type='virtio'/>`);
    lines.push(`    </interface>`);
  }
  lines.push(`    <serial type='pty'/>`);
  lines.push(`    <console type='pty'/>`);
  lines.push(`    <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>`);
  lines.push(`    <video>`, `      <model type='virtio'/>`, `    </video>`);
  lines.push(`  </devices>`);
  lines.push(`</domain>`);
  return lines.join('\n') + '\n';
}
