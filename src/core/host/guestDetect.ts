// Is this OS a virtual machine, and whose? From the firmware's DMI strings
// (/sys/class/dmi/id/sys_vendor, product_name; Win32_ComputerSystem Manufacturer, Model),
// which every mainstream hypervisor fills with its own name.

export type HypervisorFamily = 'kvm' | 'hyperv' | 'vmware' | 'virtualbox' | 'xen' | 'parallels' | 'cloud' | 'other';

export interface GuestMatch {
  /** Shown to the user: "QEMU", "Microsoft Hyper-V", "Amazon EC2"… */
  name: string;
  /** Decides which "expose VT-x/AMD-V to this guest" hint applies. */
  family: HypervisorFamily;
}

interface Rule {
  vendor?: RegExp;
  product?: RegExp;
  name: string;
  family: HypervisorFamily;
}

// Order matters: the first rule whose every given pattern matches wins.
const RULES: Rule[] = [
  { vendor: /^QEMU$/i, name: 'QEMU', family: 'kvm' },
  { vendor: /^Bochs$/i, name: 'QEMU (Bochs firmware)', family: 'kvm' },
  { product: /^KVM$/i, name: 'KVM', family: 'kvm' },
  { vendor: /^Red Hat$/i, product: /KVM|RHEL|RHEV|OpenStack/i, name: 'KVM (Red Hat)', family: 'kvm' },
  { vendor: /^oVirt$/i, name: 'KVM (oVirt)', family: 'kvm' },
  { product: /^OpenStack (Nova|Compute)/i, name: 'OpenStack (KVM)', family: 'kvm' },
  { vendor: /^Nutanix$/i, product: /AHV/i, name: 'Nutanix AHV', family: 'kvm' },
  { vendor: /^Cloud Hypervisor$/i, name: 'Cloud Hypervisor', family: 'kvm' },
  { vendor: /^Proxmox/i, name: 'Proxmox VE (KVM)', family: 'kvm' },
  { vendor: /^VMware/i, name: 'VMware', family: 'vmware' },
  { product: /^VMware/i, name: 'VMware', family: 'vmware' },
  { vendor: /^Microsoft Corporation$/i, product: /^Virtual Machine$/i, name: 'Microsoft Hyper-V', family: 'hyperv' },
  { vendor: /^innotek GmbH$/i, name: 'VirtualBox', family: 'virtualbox' },
  { product: /^VirtualBox$/i, name: 'VirtualBox', family: 'virtualbox' },
  { vendor: /^Oracle Corporation$/i, product: /VirtualBox/i, name: 'VirtualBox', family: 'virtualbox' },
  { vendor: /^Xen$/i, name: 'Xen', family: 'xen' },
  { product: /^HVM domU$/i, name: 'Xen', family: 'xen' },
  { vendor: /^Parallels/i, name: 'Parallels', family: 'parallels' },
  { product: /^Parallels/i, name: 'Parallels', family: 'parallels' },
  // EC2 bare-metal instances also say "Amazon EC2"; their product name ends in ".metal".
  { vendor: /^Amazon EC2$/i, product: /^(?!.*\.metal(-\d+xl)?$)/i, name: 'Amazon EC2', family: 'cloud' },
  { vendor: /^Google$/i, product: /^Google Compute Engine$/i, name: 'Google Compute Engine', family: 'cloud' },
  { vendor: /^Alibaba Cloud$/i, product: /ECS/i, name: 'Alibaba Cloud ECS', family: 'cloud' },
  { vendor: /^Tencent Cloud$/i, product: /CVM/i, name: 'Tencent Cloud CVM', family: 'cloud' },
  { vendor: /^Huawei Cloud$/i, name: 'Huawei Cloud', family: 'cloud' },
  { vendor: /^DigitalOcean$/i, name: 'DigitalOcean', family: 'cloud' },
  { vendor: /^Hetzner$/i, product: /vServer/i, name: 'Hetzner Cloud', family: 'cloud' },
  { vendor: /^Apple Inc\.$/i, product: /^Apple Virtualization/i, name: 'Apple Virtualization', family: 'other' },
  { vendor: /^Apple Inc\.$/i, product: /^VirtualMac/i, name: 'Apple Virtualization', family: 'other' },
];

/** The hypervisor the DMI strings name, or null when they name a physical machine or nothing. */
export function matchDmi(vendor: string | null, product: string | null): GuestMatch | null {
  const v = (vendor ?? '').trim();
  const p = (product ?? '').trim();
  if (!v && !p) return null;
  for (const rule of RULES) {
    if (rule.vendor && !rule.vendor.test(v)) continue;
    if (rule.product && !rule.product.test(p)) continue;
    if (!rule.vendor && !rule.product) continue;
    return { name: rule.name, family: rule.family };
  }
  return null;
}

/** The family of a hypervisor name the kernel logged ("Hypervisor detected: KVM") or Xen's sysfs type. */
export function familyOfName(name: string): HypervisorFamily {
  if (/kvm|qemu|bhyve|acrn|firecracker/i.test(name)) return 'kvm';
  if (/microsoft|hyper-?v/i.test(name)) return 'hyperv';
  if (/vmware/i.test(name)) return 'vmware';
  if (/virtualbox|innotek/i.test(name)) return 'virtualbox';
  if (/xen/i.test(name)) return 'xen';
  if (/parallels/i.test(name)) return 'parallels';
  return 'other';
}

const KNOWN_NAMES: ReadonlySet<string> = new Set(RULES.map((r) => r.name));

/** True for a name from the table above (the extension's own words, not the machine's). */
export function isKnownHypervisorName(name: string): boolean {
  return KNOWN_NAMES.has(name);
}
