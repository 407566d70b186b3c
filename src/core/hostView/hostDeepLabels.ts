import type { IommuOffReason } from '../host/types';
import type { Lang } from '../language';

/**
 * Words of the deeper host-check sections (passthrough, memory, nested setup, groups), kept
 * apart from hostLabels.ts so the two sets can change independently. `{name}` placeholders
 * are filled by hostDeepView.ts; text between backticks is a command, shown as code.
 */
export interface HostDeepLabels {
  sections: { passthrough: string; memory: string; nestedSetup: string; access: string };
  rows: {
    iommu: string;
    offReason: string;
    passthroughMode: string;
    cmdlineParams: string;
    pciIds: string;
    groupsDevices: string;
    sriov: string;
    hugePages: string;
    thp: string;
    ksm: string;
    numaNode: string;
    nestedNow: string;
    nestedPersistent: string;
    inGroup: string;
  };
  iommuState: { on: string; off: string; unknown: string };
  offReasons: Record<IommuOffReason, string>;
  offHints: Record<IommuOffReason, string>;
  passthroughModeHint: string;
  pciIdsMissing: string;
  /** `{groups} groups, {devices} devices, {viable} viable`. */
  groupsDevicesValue: string;
  /** `{num} of {total} VFs`. */
  sriovValue: string;
  group: string;
  viable: { yes: string; no: string; unknown: string };
  driver: { bound: string; none: string; unknown: string };
  reset: { some: string; none: string; unknown: string };
  /** `virtual function of {pf}`. */
  physfn: string;
  /** `shares group {group} with {count} other devices…`. */
  sharedGroup: string;
  copyHostdev: string;
  filter: string;
  filterPlaceholder: string;
  noMatch: string;
  hugeValue: { cpu: string; configured: string; free: string; notOffered: string; node: string };
  hugeHint1g: string;
  ksmState: { stopped: string; running: string; unmerging: string };
  /** `{pages} pages shared`. */
  ksmSharing: string;
  numaValue: { cpus: string; memory: string };
  nestedPersistentFile: string;
  /** {line}: the modprobe.d line, {module}: kvm_intel / kvm_amd. */
  nestedHint: string;
  membership: { member: string; notMember: string; listedOnly: string; noGroup: string; notChecked: string };
  /** {groups}: kvm,libvirt or one of them. */
  joinHint: string;
  reloginHint: string;
}

export const HOST_DEEP_LABELS: Record<Lang, HostDeepLabels> = {
  en: {
    sections: {
      passthrough: 'PCI passthrough: IOMMU groups and devices',
      memory: 'Memory: huge pages, KSM and NUMA',
      nestedSetup: 'Nested virtualization after a reboot',
      access: 'User groups (kvm, libvirt)',
    },
    rows: {
      iommu: 'IOMMU',
      offReason: 'Why it is off',
      passthroughMode: 'Passthrough mode for host devices (iommu=pt)',
      cmdlineParams: 'Kernel parameters (IOMMU, VFIO, huge pages)',
      pciIds: 'Device names from',
      groupsDevices: 'IOMMU groups',
      sriov: 'SR-IOV physical function',
      hugePages: 'Huge pages',
      thp: 'Transparent huge pages',
      ksm: 'KSM (kernel same-page merging)',
      numaNode: 'NUMA node',
      nestedNow: 'Nested virtualization on now',
      nestedPersistent: 'Set in /etc/modprobe.d',
      inGroup: 'Member of group',
    },
    iommuState: { on: 'on', off: 'off', unknown: 'unknown' },
    offReasons: {
      'disabled-in-cmdline': 'the kernel command line switches it off',
      'not-in-cmdline': 'the firmware describes it (DMAR table), but the kernel command line lacks intel_iommu=on',
      'no-acpi-table': 'the firmware describes no IOMMU (neither a DMAR nor an IVRS table)',
      unknown: 'the files read do not say',
    },
    offHints: {
      'disabled-in-cmdline':
        'Remove `intel_iommu=off`, `amd_iommu=off` or `iommu=off` from GRUB_CMDLINE_LINUX in /etc/default/grub, run `sudo update-grub` (Fedora, RHEL: `sudo grub2-mkconfig -o /boot/grub2/grub.cfg`) and reboot.',
      'not-in-cmdline':
        'Add `intel_iommu=on` to GRUB_CMDLINE_LINUX in /etc/default/grub, run `sudo update-grub` (Fedora, RHEL: `sudo grub2-mkconfig -o /boot/grub2/grub.cfg`) and reboot.',
      'no-acpi-table':
        'Turn the IOMMU on in the firmware setup (Intel: VT-d; AMD: IOMMU or AMD-Vi) and reboot; some boards and most laptops before 2015 have none.',
      unknown: 'The kernel log says why: `sudo dmesg | grep -i -e DMAR -e IOMMU -e AMD-Vi`.',
    },
    passthroughModeHint:
      'The command line has `iommu=pt`: devices the host keeps bypass IOMMU translation (faster), while devices given to a VM through VFIO are still isolated. Nothing to change for passthrough; remove it only if the host’s own devices should be translated too.',
    pciIdsMissing: 'no pci.ids found: IDs only',
    groupsDevicesValue: '{groups} groups, {devices} devices, {viable} ready for VFIO',
    sriovValue: '{num} of {total} virtual functions enabled',
    group: 'Group {id}',
    viable: {
      yes: 'ready for VFIO: every device is on vfio-pci or pci-stub, has no driver, or is a PCI bridge',
      no: 'not ready: {devices} use a host driver',
      unknown: 'readiness unknown: a driver could not be read',
    },
    driver: { bound: 'driver {driver}', none: 'no driver', unknown: 'driver unknown' },
    reset: { some: 'reset: {methods}', none: 'no reset method', unknown: 'reset method unknown' },
    physfn: 'virtual function of {pf}',
    sharedGroup:
      'Shares group {group} with {count} other devices: VFIO takes the whole group, so each of them must leave its host driver too (PCI bridges excepted), and they are usually given to the same VM.',
    copyHostdev: 'Copy as libvirt <hostdev>',
    filter: 'Filter devices',
    filterPlaceholder: 'address, name, ID or driver',
    noMatch: 'No device matches.',
    hugeValue: {
      cpu: 'CPU supports it: {value}',
      configured: 'reserved {value}',
      free: 'free {value}',
      notOffered: 'not offered by the kernel',
      node: 'node {node}: {total} ({free} free)',
    },
    hugeHint1g:
      'The CPU supports 1 GiB pages and none are reserved. To reserve N of them at boot, add `default_hugepagesz=1G hugepagesz=1G hugepages=N` to GRUB_CMDLINE_LINUX, update GRUB and reboot (N = how many GiB to set aside for VMs).',
    ksmState: { stopped: 'stopped', running: 'running', unmerging: 'unmerging' },
    ksmSharing: '{pages} pages shared',
    numaValue: { cpus: 'CPUs {cpus}', memory: '{memory} of memory' },
    nestedPersistentFile: 'yes ({file})',
    nestedHint:
      'To keep nested virtualization on after a reboot, put `{line}` in /etc/modprobe.d/kvm.conf; with no VM running, `sudo modprobe -r {module} && sudo modprobe {module}` applies it now.',
    membership: {
      member: 'yes',
      notMember: 'no',
      listedOnly: 'listed in /etc/group, but not in this session: log in again',
      noGroup: 'no such group in /etc/group',
      notChecked: 'not checked (a copied tree is not this user’s machine)',
    },
    joinHint: 'Join the groups: `sudo usermod -aG {groups} $USER`, then log out and in again.',
    reloginHint: 'Log out and in again: this session started before the user was added to the group.',
  },
  'zh-cn': {
    sections: {
      passthrough: 'PCI 直通：IOMMU 组与设备',
      memory: '内存：大页、KSM 与 NUMA',
      nestedSetup: '重启后的嵌套虚拟化',
      access: '用户组（kvm、libvirt）',
    },
    rows: {
      iommu: 'IOMMU',
      offReason: '未开启的原因',
      passthroughMode: '主机设备的直通模式（iommu=pt）',
      cmdlineParams: '内核参数（IOMMU、VFIO、大页）',
      pciIds: '设备名称来源',
      groupsDevices: 'IOMMU 组',
      sriov: 'SR-IOV 物理功能',
      hugePages: '大页',
      thp: '透明大页',
      ksm: 'KSM（内核同页合并）',
      numaNode: 'NUMA 节点',
      nestedNow: '当前已开启嵌套虚拟化',
      nestedPersistent: '已写入 /etc/modprobe.d',
      inGroup: '属于用户组',
    },
    iommuState: { on: '已开启', off: '未开启', unknown: '未知' },
    offReasons: {
      'disabled-in-cmdline': '内核命令行将其关闭',
      'not-in-cmdline': '固件描述了 IOMMU（有 DMAR 表），但内核命令行中没有 intel_iommu=on',
      'no-acpi-table': '固件没有描述 IOMMU（既没有 DMAR 表，也没有 IVRS 表）',
      unknown: '读取到的文件无法说明原因',
    },
    offHints: {
      'disabled-in-cmdline':
        '从 /etc/default/grub 的 GRUB_CMDLINE_LINUX 中删除 `intel_iommu=off`、`amd_iommu=off` 或 `iommu=off`，运行 `sudo update-grub`（Fedora、RHEL：`sudo grub2-mkconfig -o /boot/grub2/grub.cfg`）后重启。',
      'not-in-cmdline':
        '在 /etc/default/grub 的 GRUB_CMDLINE_LINUX 中加入 `intel_iommu=on`，运行 `sudo update-grub`（Fedora、RHEL：`sudo grub2-mkconfig -o /boot/grub2/grub.cfg`）后重启。',
      'no-acpi-table':
        '在固件设置中开启 IOMMU（Intel：VT-d；AMD：IOMMU 或 AMD-Vi）后重启；有些主板以及大多数 2015 年以前的笔记本没有 IOMMU。',
      unknown: '内核日志会说明原因：`sudo dmesg | grep -i -e DMAR -e IOMMU -e AMD-Vi`。',
    },
    passthroughModeHint:
      '命令行中有 `iommu=pt`：主机自己使用的设备绕过 IOMMU 地址转换（更快），通过 VFIO 交给虚拟机的设备仍然是隔离的。直通无需改动；只有希望主机自己的设备也经过转换时才删除它。',
    pciIdsMissing: '未找到 pci.ids：只显示 ID',
    groupsDevicesValue: '{groups} 个组，{devices} 个设备，{viable} 个组可交给 VFIO',
    sriovValue: '已启用 {num} 个虚拟功能（最多 {total} 个）',
    group: '组 {id}',
    viable: {
      yes: '可交给 VFIO：每个设备都绑定 vfio-pci 或 pci-stub、没有驱动，或是 PCI 桥',
      no: '尚不可用：{devices} 正在使用主机驱动',
      unknown: '无法判断：有设备的驱动读取失败',
    },
    driver: { bound: '驱动 {driver}', none: '无驱动', unknown: '驱动未知' },
    reset: { some: '复位方式：{methods}', none: '无复位方式', unknown: '复位方式未知' },
    physfn: '{pf} 的虚拟功能',
    sharedGroup:
      '与另外 {count} 个设备同在组 {group}：VFIO 接管整个组，因此这些设备也都要离开主机驱动（PCI 桥除外），通常一并交给同一台虚拟机。',
    copyHostdev: '复制为 libvirt <hostdev>',
    filter: '筛选设备',
    filterPlaceholder: '地址、名称、ID 或驱动',
    noMatch: '没有匹配的设备。',
    hugeValue: {
      cpu: 'CPU 支持：{value}',
      configured: '已预留 {value}',
      free: '空闲 {value}',
      notOffered: '内核未提供',
      node: '节点 {node}：{total}（空闲 {free}）',
    },
    hugeHint1g:
      'CPU 支持 1 GiB 大页，但目前没有预留。要在启动时预留 N 个，在 GRUB_CMDLINE_LINUX 中加入 `default_hugepagesz=1G hugepagesz=1G hugepages=N`，更新 GRUB 后重启（N 为留给虚拟机的 GiB 数）。',
    ksmState: { stopped: '已停止', running: '运行中', unmerging: '正在拆分' },
    ksmSharing: '共享 {pages} 页',
    numaValue: { cpus: 'CPU {cpus}', memory: '内存 {memory}' },
    nestedPersistentFile: '是（{file}）',
    nestedHint:
      '要在重启后保持嵌套虚拟化开启，在 /etc/modprobe.d/kvm.conf 中写入 `{line}`；在没有虚拟机运行时执行 `sudo modprobe -r {module} && sudo modprobe {module}` 可立即生效。',
    membership: {
      member: '是',
      notMember: '否',
      listedOnly: '/etc/group 中已列出，但当前会话中没有：请重新登录',
      noGroup: '/etc/group 中没有这个组',
      notChecked: '未检查（复制的目录树不是当前用户的机器）',
    },
    joinHint: '加入用户组：`sudo usermod -aG {groups} $USER`，然后注销并重新登录。',
    reloginHint: '请注销并重新登录：当前会话是在用户加入该组之前开始的。',
  },
};
