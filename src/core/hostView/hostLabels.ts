import type { Lang } from '../language';

/**
 * Words of the host-check panel and its Markdown export. They follow the content language
 * (`virtkit.language`) like the verdict text the probe writes, so a report never mixes
 * languages; the type makes a missing translation a compile error.
 */
export interface HostLabels {
  title: string;
  machine: string;
  remote: string;
  sections: Record<SectionId, string>;
  rows: {
    vendorModel: string;
    arch: string;
    kernel: string;
    logicalCpus: string;
    extension: string;
    slat: string;
    disabledInFirmware: string;
    armEl2: string;
    armVhe: string;
    kvmDevice: string;
    kvmModule: string;
    nested: string;
    iommuTable: string;
    iommuUnits: string;
    iommuGroups: string;
    sev: string;
    sevEs: string;
    sevSnp: string;
    tdx: string;
    kvmEnables: string;
    inVm: string;
    hypervisor: string;
  };
  states: { yes: string; no: string; unknown: string };
  device: { absent: string; present: string; usable: string };
  none: string;
  hints: string;
  unreadable: string;
  source: string;
  learnMore: string;
  actions: { refresh: string; copyMarkdown: string; saveJson: string };
  probing: string;
  probedAt: string;
  /** The banner of a report of a copied tree; {root} is its path. */
  copiedTree: string;
  /** What the banner is, for assistive technology. */
  copiedTreeLabel: string;
  // How a label meets its value, in the language's own punctuation (a Chinese label takes
  // "：" and "（）", never ": " and "()"), and the one source that is not a path or a command.
  /** Between a label and its value. */
  colon: string;
  /** Around an aside, such as the remote's name. */
  parens: readonly [string, string];
  /** The source of a failure of the check itself (HOST_CHECK_SOURCE in the report). */
  hostCheckSource: string;
}

export type SectionId = 'cpu' | 'features' | 'kvm' | 'nested' | 'iommu' | 'confidential' | 'guest';

export const HOST_LABELS: Record<Lang, HostLabels> = {
  en: {
    title: 'Host virtualization check',
    machine: 'Machine',
    remote: 'remote',
    sections: {
      cpu: 'CPU',
      features: 'Hardware virtualization features',
      kvm: 'KVM',
      nested: 'Nested virtualization',
      iommu: 'IOMMU and device passthrough',
      confidential: 'Confidential computing',
      guest: 'Is this machine a VM?',
    },
    rows: {
      vendorModel: 'Processor',
      arch: 'Architecture',
      kernel: 'Kernel',
      logicalCpus: 'Logical CPUs',
      extension: 'Virtualization extension (VT-x / AMD-V)',
      slat: 'Second-level address translation (EPT / NPT)',
      disabledInFirmware: 'Switched off in firmware',
      armEl2: 'CPUs started at EL2',
      armVhe: 'VHE mode',
      kvmDevice: '/dev/kvm',
      kvmModule: 'KVM module',
      nested: 'Nested virtualization enabled',
      iommuTable: 'ACPI table (DMAR = Intel VT-d, IVRS = AMD-Vi)',
      iommuUnits: 'IOMMU units (/sys/class/iommu)',
      iommuGroups: 'IOMMU groups (/sys/kernel/iommu_groups)',
      sev: 'AMD SEV',
      sevEs: 'AMD SEV-ES',
      sevSnp: 'AMD SEV-SNP',
      tdx: 'Intel TDX',
      kvmEnables: 'enabled in KVM',
      inVm: 'Runs inside a virtual machine',
      hypervisor: 'Hypervisor',
    },
    states: { yes: 'yes', no: 'no', unknown: 'unknown' },
    device: { absent: 'absent', present: 'present, but this user cannot open it', usable: 'usable' },
    none: 'none',
    hints: 'What to do',
    unreadable: 'Could not read',
    source: 'Source',
    learnMore: 'Learn more',
    actions: { refresh: 'Refresh', copyMarkdown: 'Copy as Markdown', saveJson: 'Save as JSON' },
    probing: 'Checking this machine…',
    probedAt: 'Checked at',
    copiedTree:
      'Not this machine: this report is of a copied tree at {root}. Its files were read instead of this machine’s /proc and /sys, and everything below describes whatever they describe.',
    copiedTreeLabel: 'Copied tree',
    colon: ': ',
    parens: ['(', ')'],
    hostCheckSource: 'host check',
  },
  'zh-cn': {
    title: '主机虚拟化检查',
    machine: '机器',
    remote: '远程',
    sections: {
      cpu: 'CPU',
      features: '硬件虚拟化特性',
      kvm: 'KVM',
      nested: '嵌套虚拟化',
      iommu: 'IOMMU 与设备直通',
      confidential: '机密计算',
      guest: '本机是否为虚拟机',
    },
    rows: {
      vendorModel: '处理器',
      arch: '架构',
      kernel: '内核',
      logicalCpus: '逻辑 CPU 数',
      extension: '虚拟化扩展（VT-x / AMD-V）',
      slat: '二级地址转换（EPT / NPT）',
      disabledInFirmware: '已在固件中关闭',
      armEl2: 'CPU 在 EL2 启动',
      armVhe: 'VHE 模式',
      kvmDevice: '/dev/kvm',
      kvmModule: 'KVM 模块',
      nested: '已启用嵌套虚拟化',
      iommuTable: 'ACPI 表（DMAR = Intel VT-d，IVRS = AMD-Vi）',
      iommuUnits: 'IOMMU 单元（/sys/class/iommu）',
      iommuGroups: 'IOMMU 组（/sys/kernel/iommu_groups）',
      sev: 'AMD SEV',
      sevEs: 'AMD SEV-ES',
      sevSnp: 'AMD SEV-SNP',
      tdx: 'Intel TDX',
      kvmEnables: 'KVM 中已启用',
      inVm: '运行在虚拟机中',
      hypervisor: '所在的 hypervisor',
    },
    states: { yes: '是', no: '否', unknown: '未知' },
    device: { absent: '不存在', present: '存在，但当前用户无法打开', usable: '可用' },
    none: '无',
    hints: '建议操作',
    unreadable: '无法读取',
    source: '来源',
    learnMore: '了解更多',
    actions: { refresh: '刷新', copyMarkdown: '复制为 Markdown', saveJson: '另存为 JSON' },
    probing: '正在检查本机…',
    probedAt: '检查时间',
    copiedTree:
      '这不是本机：本报告检查的是位于 {root} 的复制目录树。读取的是该目录中的文件，而不是本机的 /proc 和 /sys，下面的内容描述的都是这些文件所描述的机器。',
    copiedTreeLabel: '复制的目录树',
    colon: '：',
    parens: ['（', '）'],
    hostCheckSource: '主机检查',
  },
};
