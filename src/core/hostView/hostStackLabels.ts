import type { PlatformLimit, SocketState } from '../host/types';
import type { Lang } from '../language';

/**
 * Words of the tool-stack section (Linux) and of the macOS / Windows details section, apart
 * from hostDeepLabels.ts. `{name}` placeholders are filled by hostStackView.ts; text between
 * backticks is a command, shown as code.
 */
export interface HostStackLabels {
  sections: { stack: string; platform: string };
  rows: {
    distribution: string;
    versions: string;
    socket: { system: string; session: string };
    uefi: string;
    descriptor: string;
    hypervisorPresent: string;
    hyperV: string;
    vbs: string;
    securityServices: string;
    firmwareEnabled: string;
    vmMonitor: string;
    slat: string;
    hvSupport: string;
    appleSilicon: string;
    macInVm: string;
    cannotAnswer: string;
  };
  distributionUnknown: string;
  versionsNotRun: string;
  /** {version} {path}. */
  found: string;
  /** {package}. */
  missingPackage: string;
  missing: string;
  socketState: Record<SocketState, string>;
  noSocket: string;
  uefiPresent: string;
  /** {package}. */
  uefiMissingPackage: string;
  uefiMissing: string;
  /** After a firmware file's path, with its own language's parentheses. */
  fileExists: string;
  fileMissing: string;
  fileUnknown: string;
  /** {command}: `sudo apt install a b`. */
  installHint: string;
  /** {names}: the tools. */
  installUnknownDistro: string;
  startDaemonHint: string;
  hyperV: { enabled: string; disabled: string; absent: string; unknown: string };
  vbs: { off: string; enabled: string; running: string; unknown: string };
  services: Record<string, string>;
  limits: Record<PlatformLimit, string>;
}

export const HOST_STACK_LABELS: Record<Lang, HostStackLabels> = {
  en: {
    sections: {
      stack: 'Virtualization tools: QEMU, libvirt, firmware',
      platform: 'Hypervisor platform',
    },
    rows: {
      distribution: 'Distribution',
      versions: 'Versions',
      socket: { system: 'libvirt socket (system)', session: 'libvirt socket (session)' },
      uefi: 'UEFI firmware for',
      descriptor: 'Firmware descriptor',
      hypervisorPresent: 'A hypervisor is running (HypervisorPresent)',
      hyperV: 'Hyper-V (Microsoft-Hyper-V feature)',
      vbs: 'Virtualization-based security',
      securityServices: 'Security services running on it',
      firmwareEnabled: 'Virtualization enabled in firmware',
      vmMonitor: 'VM monitor mode extensions (VT-x / AMD-V)',
      slat: 'Second level address translation',
      hvSupport: 'Hypervisor.framework (kern.hv_support)',
      appleSilicon: 'Apple silicon (hw.optional.arm64)',
      macInVm: 'macOS runs in a VM (kern.hv_vmm_present)',
      cannotAnswer: 'Cannot be told from here',
    },
    distributionUnknown: 'not recognised from /etc/os-release',
    versionsNotRun: 'not run: a copied tree’s programs are never run on this machine',
    found: '{version} · {path}',
    missingPackage: 'not installed (package {package})',
    missing: 'not installed',
    socketState: {
      answers: 'answers',
      refused: 'no daemon listening (connection refused)',
      denied: 'permission denied for this user',
      absent: 'absent',
      'not-checked': 'present, not tried (a copied tree)',
      unknown: 'no answer',
    },
    noSocket: 'no libvirt socket: the daemon is not running',
    uefiPresent: 'present',
    uefiMissingPackage: 'missing (package {package})',
    uefiMissing: 'missing',
    fileExists: '(present)',
    fileMissing: '(file missing)',
    fileUnknown: '(unknown)',
    installHint: 'Install what is missing: `{command}`.',
    installUnknownDistro:
      'The distribution is not one this check knows (Debian, Ubuntu, Fedora, RHEL, Arch, openSUSE): install the packages that provide {names} with its package manager.',
    startDaemonHint:
      'libvirt is installed but no socket answers: start it with `sudo systemctl enable --now libvirtd` (modular daemons: `sudo systemctl enable --now virtqemud.socket`).',
    hyperV: { enabled: 'enabled', disabled: 'installed, disabled', absent: 'not available', unknown: 'unknown' },
    vbs: { off: 'off', enabled: 'enabled, not running', running: 'running', unknown: 'unknown' },
    services: {
      'credential-guard': 'Credential Guard',
      'memory-integrity': 'memory integrity (HVCI)',
      'system-guard': 'System Guard Secure Launch',
      'smm-firmware-measurement': 'SMM firmware measurement',
    },
    limits: {
      'win-processor-hidden':
        'While a hypervisor runs, Windows is itself its guest and Win32_Processor reads False for VT-x / AMD-V, SLAT and firmware enablement: the processor’s own capabilities are hidden.',
      'win-nested-per-vm':
        'Whether a Hyper-V guest may run its own hypervisor is a setting of each VM (Set-VMProcessor -VMName <name> -ExposeVirtualizationExtensions $true), read with the Hyper-V module as administrator; this check does not read it.',
      'win-outer-nesting':
        'Inside a VM, only the absence of VT-x / AMD-V shows; whether the outer hypervisor could expose it is decided outside this machine.',
      'mac-nested':
        'Nested virtualization: Hypervisor.framework offers it only on Apple M3 or later with macOS 15 or later, and sysctl does not report it.',
      'mac-iommu': 'IOMMU groups and PCI passthrough: macOS gives neither to other hypervisors.',
      'mac-kvm': 'KVM, libvirt’s system daemon and huge pages are Linux features; on macOS QEMU uses -accel hvf.',
    },
  },
  'zh-cn': {
    sections: {
      stack: '虚拟化工具：QEMU、libvirt、固件',
      platform: '虚拟化平台',
    },
    rows: {
      distribution: '发行版',
      versions: '版本',
      socket: { system: 'libvirt 套接字（系统）', session: 'libvirt 套接字（会话）' },
      uefi: 'UEFI 固件',
      descriptor: '固件描述文件',
      hypervisorPresent: '有虚拟机监控程序在运行（HypervisorPresent）',
      hyperV: 'Hyper-V（Microsoft-Hyper-V 功能）',
      vbs: '基于虚拟化的安全（VBS）',
      securityServices: '在其上运行的安全服务',
      firmwareEnabled: '固件中已开启虚拟化',
      vmMonitor: '虚拟机监控模式扩展（VT-x / AMD-V）',
      slat: '二级地址转换（SLAT）',
      hvSupport: 'Hypervisor.framework（kern.hv_support）',
      appleSilicon: 'Apple 芯片（hw.optional.arm64）',
      macInVm: 'macOS 运行在虚拟机中（kern.hv_vmm_present）',
      cannotAnswer: '在本机无法得知',
    },
    distributionUnknown: '无法从 /etc/os-release 识别',
    versionsNotRun: '未运行：不会在本机运行复制目录树中的程序',
    found: '{version} · {path}',
    missingPackage: '未安装（软件包 {package}）',
    missing: '未安装',
    socketState: {
      answers: '有响应',
      refused: '没有守护进程在监听（连接被拒绝）',
      denied: '当前用户无权访问',
      absent: '不存在',
      'not-checked': '存在，未尝试连接（复制的目录树）',
      unknown: '无响应',
    },
    noSocket: '没有 libvirt 套接字：守护进程未运行',
    uefiPresent: '已安装',
    uefiMissingPackage: '缺失（软件包 {package}）',
    uefiMissing: '缺失',
    fileExists: '（存在）',
    fileMissing: '（文件缺失）',
    fileUnknown: '（未知）',
    installHint: '安装缺少的软件包：`{command}`。',
    installUnknownDistro:
      '本检查不认识这个发行版（支持 Debian、Ubuntu、Fedora、RHEL、Arch、openSUSE）：请用它的包管理器安装提供 {names} 的软件包。',
    startDaemonHint:
      '已安装 libvirt，但没有套接字响应：用 `sudo systemctl enable --now libvirtd` 启动它（模块化守护进程：`sudo systemctl enable --now virtqemud.socket`）。',
    hyperV: { enabled: '已启用', disabled: '已安装，未启用', absent: '不可用', unknown: '未知' },
    vbs: { off: '关闭', enabled: '已启用，未运行', running: '运行中', unknown: '未知' },
    services: {
      'credential-guard': 'Credential Guard（凭据保护）',
      'memory-integrity': '内存完整性（HVCI）',
      'system-guard': 'System Guard 安全启动',
      'smm-firmware-measurement': 'SMM 固件度量',
    },
    limits: {
      'win-processor-hidden':
        '有虚拟机监控程序运行时，Windows 本身就是它的客户机，Win32_Processor 对 VT-x / AMD-V、SLAT 和固件开启状态都读出 False：处理器本身的能力被隐藏了。',
      'win-nested-per-vm':
        'Hyper-V 客户机能否再运行自己的虚拟机监控程序，是每台虚拟机各自的设置（Set-VMProcessor -VMName <名称> -ExposeVirtualizationExtensions $true），需要以管理员身份用 Hyper-V 模块读取；本检查不读取它。',
      'win-outer-nesting': '在虚拟机内只能看到没有 VT-x / AMD-V；外层虚拟机监控程序能否把它暴露进来，由本机之外决定。',
      'mac-nested':
        '嵌套虚拟化：Hypervisor.framework 只在 Apple M3 及更新的芯片、macOS 15 及更新版本上提供，sysctl 也不报告它。',
      'mac-iommu': 'IOMMU 组与 PCI 直通：macOS 不向其他虚拟机监控程序提供这两者。',
      'mac-kvm': 'KVM、libvirt 系统守护进程和大页都是 Linux 的功能；在 macOS 上 QEMU 借助 Hypervisor.framework 加速。',
    },
  },
};
