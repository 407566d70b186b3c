// Every sentence the host check shows, in English and Simplified Chinese. Keys are stable
// (the report carries the summary's key); {name} marks a value filled in at run time.
// Commands are in `backticks` so the UI can render them as code. A value read from the
// machine is never placed inside backticks: only a checked identifier (a module name) is.
import type { Lang } from '../language';

type Text = { en: string; 'zh-cn': string };

export const SUMMARIES = {
  // Linux
  'kvm-usable': {
    en: 'This machine can run hardware-accelerated VMs: /dev/kvm exists and this user can open it ({ext}).',
    'zh-cn': '本机可以运行硬件加速的虚拟机：/dev/kvm 已存在，当前用户可以打开它（{ext}）。',
  },
  'kvm-usable-nested': {
    en: 'This Linux is itself a virtual machine ({hv}), and its hypervisor passes {ext} on: /dev/kvm exists and this user can open it, so it can run VMs of its own (nested virtualization).',
    'zh-cn':
      '当前 Linux 本身是一台虚拟机（{hv}），其 hypervisor 把 {ext} 透传了进来：/dev/kvm 已存在且当前用户可以打开，因此可以在里面再运行虚拟机（嵌套虚拟化）。',
  },
  'kvm-usable-no-extension': {
    en: '/dev/kvm exists and this user can open it, but the CPU flags show neither vmx nor svm: the KVM loaded here ({modules}) does not rely on hardware virtualization extensions.',
    'zh-cn':
      '/dev/kvm 已存在且当前用户可以打开，但 CPU 标志中既没有 vmx 也没有 svm：这里加载的 KVM（{modules}）并不依赖硬件虚拟化扩展。',
  },
  'kvm-no-permission': {
    en: '/dev/kvm exists, but this user is not allowed to open it for reading and writing.',
    'zh-cn': '/dev/kvm 已存在，但当前用户没有读写权限，无法打开它。',
  },
  'kvm-not-loaded': {
    en: 'The CPU supports {ext}, but the KVM module {module} is not loaded, so /dev/kvm does not exist.',
    'zh-cn': 'CPU 支持 {ext}，但 KVM 模块 {module} 没有加载，所以 /dev/kvm 不存在。',
  },
  'kvm-not-built-arm64': {
    en: 'The CPUs started at EL2, but no KVM is loaded in this kernel, so /dev/kvm does not exist.',
    'zh-cn': 'CPU 是在 EL2 启动的，但当前内核没有加载 KVM，所以 /dev/kvm 不存在。',
  },
  'kvm-device-missing': {
    en: 'The KVM module {module} is loaded, but /dev/kvm does not exist here; this is typical of a container that was not given the device.',
    'zh-cn': 'KVM 模块 {module} 已加载，但这里没有 /dev/kvm；这通常是容器没有被授予该设备。',
  },
  'kvm-device-unchecked': {
    en: 'The KVM module {module} is loaded, but whether /dev/kvm exists and can be opened could not be checked.',
    'zh-cn': 'KVM 模块 {module} 已加载，但无法检查 /dev/kvm 是否存在、能否打开。',
  },
  'disabled-in-firmware': {
    en: 'The CPU has {ext}, but the firmware (BIOS/UEFI) has switched it off; the kernel log says so.',
    'zh-cn': 'CPU 具备 {ext}，但已在固件（BIOS/UEFI）中被关闭；内核日志记录了这一点。',
  },
  'not-exposed-to-guest': {
    en: 'This Linux runs in a virtual machine ({hv}) whose hypervisor does not pass {ext} on to it, so it cannot run accelerated VMs of its own.',
    'zh-cn':
      '当前 Linux 运行在虚拟机（{hv}）中，其 hypervisor 没有把 {ext} 透传进来，因此无法在里面运行硬件加速的虚拟机。',
  },
  'vmx-absent-unknown': {
    en: 'This Intel CPU shows no VT-x (no vmx flag): either the CPU lacks it or the firmware has switched it off, and nothing readable here tells which.',
    'zh-cn':
      '这颗 Intel CPU 没有显示 VT-x（没有 vmx 标志）：要么 CPU 本身不支持，要么已在固件中被关闭，而这里能读到的信息无法判断是哪一种。',
  },
  'svm-absent-unknown': {
    en: 'This AMD CPU shows no AMD-V (no svm flag): either the CPU lacks it or the firmware has switched it off, and nothing readable here tells which.',
    'zh-cn':
      '这颗 AMD CPU 没有显示 AMD-V（没有 svm 标志）：要么 CPU 本身不支持，要么已在固件中被关闭，而这里能读到的信息无法判断是哪一种。',
  },
  'x86-extension-absent-unknown': {
    en: 'The CPU ({vendor}) shows neither vmx nor svm, and nothing readable here tells why.',
    'zh-cn': 'CPU（{vendor}）既没有 vmx 也没有 svm 标志，而这里能读到的信息无法说明原因。',
  },
  'arm64-el1': {
    en: 'The kernel log says the CPUs started at EL1: KVM needs Linux to be started at EL2, so it cannot run here.',
    'zh-cn': '内核日志显示 CPU 是在 EL1 启动的：KVM 需要 Linux 在 EL2 启动，因此这里无法运行 KVM。',
  },
  'arm64-no-kvm-unknown': {
    en: '/dev/kvm does not exist, and nothing readable here says whether the CPUs started at EL2 or why KVM is absent.',
    'zh-cn': '/dev/kvm 不存在，而这里能读到的信息既说明不了 CPU 是否在 EL2 启动，也说明不了 KVM 缺失的原因。',
  },
  arm32: {
    en: 'This is a 32-bit ARM kernel; current Linux has no KVM host support for 32-bit ARM.',
    'zh-cn': '这是 32 位 ARM 内核；当前的 Linux 已不再支持在 32 位 ARM 上作为 KVM 宿主机。',
  },
  'cpuinfo-unreadable': {
    en: '/proc/cpuinfo could not be read ({reason}), so whether this CPU can run accelerated VMs is unknown.',
    'zh-cn': '无法读取 /proc/cpuinfo（{reason}），因此不知道这颗 CPU 能否运行硬件加速的虚拟机。',
  },
  'arch-not-examined': {
    en: 'The host check does not examine {arch} machines; /dev/kvm {device}.',
    'zh-cn': '主机检查不分析 {arch} 架构的机器；/dev/kvm {device}。',
  },
  // macOS
  'hvf-available': {
    en: 'Hypervisor.framework is available (kern.hv_support = 1): QEMU with `-accel hvf`, UTM and other macOS hypervisors can run accelerated VMs.',
    'zh-cn':
      'Hypervisor.framework 可用（kern.hv_support = 1）：QEMU（`-accel hvf`）、UTM 等 macOS 上的 hypervisor 可以运行硬件加速的虚拟机。',
  },
  'hvf-unavailable': {
    en: 'Hypervisor.framework is not available on this Mac (kern.hv_support = 0).',
    'zh-cn': '这台 Mac 上 Hypervisor.framework 不可用（kern.hv_support = 0）。',
  },
  'hvf-unavailable-guest': {
    en: 'Hypervisor.framework is not available (kern.hv_support = 0): this macOS runs in a virtual machine whose hypervisor does not pass {ext} on to it.',
    'zh-cn':
      'Hypervisor.framework 不可用（kern.hv_support = 0）：当前 macOS 运行在虚拟机中，其 hypervisor 没有把 {ext} 透传进来。',
  },
  'hvf-unknown': {
    en: 'macOS did not say whether Hypervisor.framework is available ({reason}).',
    'zh-cn': 'macOS 没有给出 Hypervisor.framework 是否可用的信息（{reason}）。',
  },
  // Windows
  'hyperv-running': {
    en: 'A hypervisor is already running (Hyper-V, or a Windows feature built on it such as WSL 2, Windows Sandbox or memory integrity); other VMs have to run through it.',
    'zh-cn':
      '已经有 hypervisor 在运行（Hyper-V，或基于它的 Windows 功能，例如 WSL 2、Windows 沙盒、内存完整性）；其他虚拟机必须通过它来运行。',
  },
  'firmware-enabled': {
    en: 'Virtualization ({ext}) is enabled in the firmware and no hypervisor is running yet: Hyper-V, VirtualBox, VMware or QEMU can use it.',
    'zh-cn':
      '固件中已启用虚拟化（{ext}），目前也没有 hypervisor 在运行：Hyper-V、VirtualBox、VMware 或 QEMU 都可以使用它。',
  },
  'win-disabled-in-firmware': {
    en: 'The CPU supports {ext}, but it is switched off in the firmware (VirtualizationFirmwareEnabled is False).',
    'zh-cn': 'CPU 支持 {ext}，但已在固件中被关闭（VirtualizationFirmwareEnabled 为 False）。',
  },
  'win-unsupported': {
    en: 'The CPU reports no hardware virtualization extensions (VMMonitorModeExtensions is False).',
    'zh-cn': 'CPU 没有报告硬件虚拟化扩展（VMMonitorModeExtensions 为 False）。',
  },
  'win-unknown': {
    en: 'Windows did not report the processor’s virtualization state ({reason}).',
    'zh-cn': 'Windows 没有报告处理器的虚拟化状态（{reason}）。',
  },
  // Anywhere
  'platform-not-examined': {
    en: 'The host check does not examine {platform} systems.',
    'zh-cn': '主机检查不分析 {platform} 系统。',
  },
  'no-host-access': {
    en: 'The machine cannot be examined from here: this window has no access to it.',
    'zh-cn': '无法从这里检查机器：当前窗口无法访问它。',
  },
  'probe-failed': {
    en: 'The host check could not finish: {reason}.',
    'zh-cn': '主机检查未能完成：{reason}。',
  },
  'root-not-absolute': {
    en: 'Nothing was checked: the tree to probe instead of this machine was given as {root}, which is not an absolute path, and a relative path would depend on the folder VS Code happens to run in.',
    'zh-cn':
      '未进行任何检查：要代替本机检查的目录树被指定为 {root}，这不是绝对路径；相对路径取决于 VS Code 恰好在哪个目录下运行，无法确定指向哪里。',
  },
} satisfies Record<string, Text>;

export const HINTS = {
  modprobe: {
    en: 'Load the module: `sudo modprobe {module}`. To load it at every boot: `echo {module} | sudo tee /etc/modules-load.d/kvm.conf`.',
    'zh-cn':
      '加载模块：`sudo modprobe {module}`。如需开机自动加载：`echo {module} | sudo tee /etc/modules-load.d/kvm.conf`。',
  },
  'modprobe-failed-log': {
    en: 'If `modprobe` fails, `sudo dmesg | tail` shows why (for example a firmware setting).',
    'zh-cn': '如果 `modprobe` 失败，可用 `sudo dmesg | tail` 查看原因（例如固件设置）。',
  },
  usermod: {
    en: 'Add yourself to the kvm group: `sudo usermod -aG kvm $USER`, then log out and log in again (group membership is read at login).',
    'zh-cn': '把自己加入 kvm 组：`sudo usermod -aG kvm $USER`，然后注销并重新登录（组成员身份在登录时生效）。',
  },
  'kvm-perms': {
    en: '`ls -l /dev/kvm` shows who may open it; udev normally gives it to group kvm with mode 0660.',
    'zh-cn': '`ls -l /dev/kvm` 可查看谁有权打开它；udev 通常将其属组设为 kvm，权限为 0660。',
  },
  'firmware-intel': {
    en: 'Restart into the firmware setup (BIOS/UEFI) and enable Intel Virtualization Technology (VT-x) — often under CPU or Advanced settings, sometimes called “Intel VT”. Save, then power the machine off and on.',
    'zh-cn':
      '重启进入固件设置（BIOS/UEFI），启用 Intel Virtualization Technology（VT-x）——通常在 CPU 或“高级”设置中，有时叫“Intel VT”。保存后完全关机再开机。',
  },
  'firmware-amd': {
    en: 'Restart into the firmware setup (BIOS/UEFI) and enable SVM Mode (AMD-V) — often under CPU or Advanced settings. Save, then power the machine off and on.',
    'zh-cn': '重启进入固件设置（BIOS/UEFI），启用 SVM Mode（AMD-V）——通常在 CPU 或“高级”设置中。保存后完全关机再开机。',
  },
  'firmware-generic': {
    en: 'Restart into the firmware setup (BIOS/UEFI) and enable the CPU virtualization option (Intel VT-x or AMD SVM Mode / AMD-V).',
    'zh-cn': '重启进入固件设置（BIOS/UEFI），启用 CPU 虚拟化选项（Intel VT-x，或 AMD 的 SVM Mode / AMD-V）。',
  },
  'check-cpu-intel': {
    en: 'Check whether this CPU model ({model}) supports VT-x on ark.intel.com (“Intel Virtualization Technology (VT-x)”); if it does, enable it in the firmware setup.',
    'zh-cn':
      '在 ark.intel.com 上查看这款 CPU（{model}）是否支持 VT-x（“Intel Virtualization Technology (VT-x)”）；如果支持，请在固件设置中启用它。',
  },
  'check-cpu-amd': {
    en: 'If the firmware setup has an SVM Mode (AMD-V) option, enable it; otherwise check this CPU model ({model}) on amd.com.',
    'zh-cn': '如果固件设置中有 SVM Mode（AMD-V）选项，请启用它；否则请在 amd.com 上查看这款 CPU（{model}）的规格。',
  },
  'read-log': {
    en: 'The kernel log files could not be read here; `sudo dmesg | grep -i -e vmx -e svm -e bios` shows whether the firmware disabled virtualization.',
    'zh-cn':
      '这里无法读取内核日志文件；运行 `sudo dmesg | grep -i -e vmx -e svm -e bios` 可以查看固件是否关闭了虚拟化。',
  },
  'nested-host-kvm': {
    en: "On the outer host, enable nested virtualization (`options kvm_intel nested=1` or `options kvm_amd nested=1` in /etc/modprobe.d/kvm.conf, then reload the module) and pass the host CPU to this guest: `<cpu mode='host-passthrough'/>` in its libvirt XML, or `-cpu host` for QEMU.",
    'zh-cn':
      "在外层宿主机上启用嵌套虚拟化（在 /etc/modprobe.d/kvm.conf 中加入 `options kvm_intel nested=1` 或 `options kvm_amd nested=1`，然后重新加载模块），并把宿主机 CPU 透传给这台虚拟机：在其 libvirt XML 中写 `<cpu mode='host-passthrough'/>`，或在 QEMU 中使用 `-cpu host`。",
  },
  'nested-host-hyperv': {
    en: 'On the Hyper-V host, with this VM stopped, run `Set-VMProcessor -VMName <name> -ExposeVirtualizationExtensions $true` in PowerShell as administrator.',
    'zh-cn':
      '在 Hyper-V 宿主机上，先关闭这台虚拟机，再以管理员身份在 PowerShell 中运行 `Set-VMProcessor -VMName <name> -ExposeVirtualizationExtensions $true`。',
  },
  'nested-host-vmware': {
    en: 'In VMware, with this VM powered off, open its processor settings and enable “Virtualize Intel VT-x/EPT or AMD-V/RVI”.',
    'zh-cn': '在 VMware 中，先关闭这台虚拟机，打开其处理器设置，勾选“虚拟化 Intel VT-x/EPT 或 AMD-V/RVI”。',
  },
  'nested-host-virtualbox': {
    en: 'In VirtualBox, with this VM powered off, run `VBoxManage modifyvm <name> --nested-hw-virt on`.',
    'zh-cn': '在 VirtualBox 中，先关闭这台虚拟机，再运行 `VBoxManage modifyvm <name> --nested-hw-virt on`。',
  },
  'nested-host-cloud': {
    en: 'Cloud VMs get VT-x/AMD-V only where the provider allows it: choose an instance type with nested virtualization (on Google Compute Engine, create the VM with nested virtualization enabled) or a bare-metal instance (on Amazon EC2, a *.metal type).',
    'zh-cn':
      '云虚拟机只有在云厂商允许时才能获得 VT-x/AMD-V：请选择支持嵌套虚拟化的实例类型（在 Google Compute Engine 上创建虚拟机时启用嵌套虚拟化），或使用裸金属实例（在 Amazon EC2 上选择 *.metal 类型）。',
  },
  'nested-host-generic': {
    en: 'Ask whoever runs the outer hypervisor to enable nested virtualization and expose VT-x/AMD-V to this VM.',
    'zh-cn': '请外层 hypervisor 的管理员开启嵌套虚拟化，并把 VT-x/AMD-V 透传给这台虚拟机。',
  },
  'enable-nested': {
    en: 'Nested virtualization is off. If VMs here must run VMs of their own, add `options {module} nested=1` to /etc/modprobe.d/kvm.conf and reload the module (`sudo modprobe -r {module} && sudo modprobe {module}`, with no VM running).',
    'zh-cn':
      '嵌套虚拟化未开启。如果这里的虚拟机还要在内部运行虚拟机，请在 /etc/modprobe.d/kvm.conf 中加入 `options {module} nested=1`，并在没有虚拟机运行时重新加载模块（`sudo modprobe -r {module} && sudo modprobe {module}`）。',
  },
  'iommu-cmdline-intel': {
    en: 'For PCI passthrough, turn on the IOMMU: add `intel_iommu=on` to the kernel command line (GRUB_CMDLINE_LINUX in /etc/default/grub, then regenerate the GRUB configuration) and reboot.',
    'zh-cn':
      '如需 PCI 直通，请开启 IOMMU：在内核命令行中加入 `intel_iommu=on`（修改 /etc/default/grub 中的 GRUB_CMDLINE_LINUX，然后重新生成 GRUB 配置）并重启。',
  },
  'iommu-cmdline-amd': {
    en: 'For PCI passthrough, make sure the IOMMU (AMD-Vi) is on: enable it (often called IOMMU or AMD-Vi) in the firmware setup, and check that the kernel command line does not contain `amd_iommu=off` or `iommu=off`; Linux enables AMD-Vi by itself when the firmware provides the IVRS table. Then reboot.',
    'zh-cn':
      '如需 PCI 直通，请确认 IOMMU（AMD-Vi）已开启：在固件设置中启用它（通常叫 IOMMU 或 AMD-Vi），并确认内核命令行中没有 `amd_iommu=off` 或 `iommu=off`；只要固件提供了 IVRS 表，Linux 会自动启用 AMD-Vi。然后重启。',
  },
  'iommu-firmware': {
    en: 'No ACPI DMAR or IVRS table was found: for PCI passthrough, enable VT-d (Intel) or AMD-Vi / IOMMU (AMD) in the firmware setup.',
    'zh-cn': '没有找到 ACPI DMAR 或 IVRS 表：如需 PCI 直通，请在固件设置中启用 VT-d（Intel）或 AMD-Vi / IOMMU（AMD）。',
  },
  'sev-kvm-off': {
    en: 'The CPU reports SEV but KVM has it off: SEV needs it enabled in the firmware and `options kvm_amd sev=1` in /etc/modprobe.d/kvm.conf.',
    'zh-cn':
      'CPU 报告支持 SEV，但 KVM 中未开启：SEV 需要在固件中启用，并在 /etc/modprobe.d/kvm.conf 中加入 `options kvm_amd sev=1`。',
  },
  'no-extension-tools': {
    en: 'Tools that look for vmx or svm themselves (such as `kvm-ok`) may report that KVM cannot be used even though /dev/kvm works.',
    'zh-cn': '自行检查 vmx 或 svm 标志的工具（例如 `kvm-ok`）可能会报告无法使用 KVM，尽管 /dev/kvm 实际可用。',
  },
  'container-device': {
    en: 'Give the container the device, for example `docker run --device /dev/kvm …`, or run the check on the host.',
    'zh-cn': '把设备交给容器，例如 `docker run --device /dev/kvm …`，或在宿主机上运行检查。',
  },
  'arm64-el2': {
    en: 'Whether Linux starts at EL2 is up to the firmware or boot loader; in a virtual machine the outer hypervisor must offer nested virtualization.',
    'zh-cn': 'Linux 是否在 EL2 启动由固件或引导程序决定；如果是在虚拟机中，则需要外层 hypervisor 提供嵌套虚拟化。',
  },
  'arm64-kernel-kvm': {
    en: 'Use a kernel built with KVM (`CONFIG_KVM=y`, as most distribution kernels are), or load it with `sudo modprobe kvm` if it is a module.',
    'zh-cn':
      '请使用启用了 KVM 的内核（`CONFIG_KVM=y`，大多数发行版内核都是如此）；如果 KVM 是模块，可以用 `sudo modprobe kvm` 加载。',
  },
  'arm64-read-log': {
    en: '`sudo dmesg | grep -i -e kvm -e EL2` shows whether the CPUs started at EL2 and whether KVM initialised.',
    'zh-cn': '运行 `sudo dmesg | grep -i -e kvm -e EL2` 可以查看 CPU 是否在 EL2 启动以及 KVM 是否初始化成功。',
  },
  'arm32-64bit': {
    en: 'If the board’s CPU is 64-bit (for example Cortex-A53 or Cortex-A72), install a 64-bit (arm64) OS: its kernel can run KVM.',
    'zh-cn':
      '如果这块板子的 CPU 是 64 位的（例如 Cortex-A53 或 Cortex-A72），请安装 64 位（arm64）系统：它的内核可以运行 KVM。',
  },
  // macOS
  'hvf-use': {
    en: 'With QEMU, use `-accel hvf`; UTM, Parallels, VMware Fusion and Apple’s Virtualization framework use it on their own.',
    'zh-cn':
      '使用 QEMU 时加上 `-accel hvf`；UTM、Parallels、VMware Fusion 以及 Apple 的 Virtualization 框架会自动使用它。',
  },
  'hvf-guest': {
    en: 'On the outer hypervisor, enable nested virtualization for this macOS VM (for example VMware Fusion: “Enable hypervisor applications in this virtual machine”).',
    'zh-cn':
      '请在外层 hypervisor 中为这台 macOS 虚拟机开启嵌套虚拟化（例如 VMware Fusion：“在此虚拟机中启用虚拟机监控程序应用”）。',
  },
  // Windows
  'win-hyperv-use': {
    en: 'Use Hyper-V or WSL 2, or hypervisors that run on the Windows Hypervisor Platform: recent VirtualBox and VMware Workstation, and QEMU with `-accel whpx`.',
    'zh-cn':
      '可以使用 Hyper-V 或 WSL 2，或基于 Windows 虚拟机监控程序平台（Windows Hypervisor Platform）运行的软件：较新版本的 VirtualBox 和 VMware Workstation，以及使用 `-accel whpx` 的 QEMU。',
  },
  'win-hyperv-off': {
    en: 'To give VirtualBox or VMware the CPU directly instead, turn the hypervisor off: `bcdedit /set hypervisorlaunchtype off` as administrator (and memory integrity, if on), then restart.',
    'zh-cn':
      '如果想让 VirtualBox 或 VMware 直接使用 CPU，请关闭 hypervisor：以管理员身份运行 `bcdedit /set hypervisorlaunchtype off`（若开启了内存完整性也需关闭），然后重启。',
  },
  'root-absolute': {
    en: 'Set `virtkit.hostCheck.root` (or the API’s `root` option) to the absolute path of the copied tree, for example /srv/support/node07, or leave it empty to check this machine.',
    'zh-cn':
      '请把 `virtkit.hostCheck.root`（或 API 的 `root` 选项）设为复制的目录树的绝对路径，例如 /srv/support/node07；留空则检查本机。',
  },
  'no-host-access': {
    en: 'Open a local window, or a remote one (SSH, WSL, dev container) on the machine you want to check.',
    'zh-cn': '请打开本地窗口，或连接到要检查的机器的远程窗口（SSH、WSL、开发容器）。',
  },
} satisfies Record<string, Text>;

export type SummaryKey = keyof typeof SUMMARIES;
export type HintKey = keyof typeof HINTS;

/** A value ready for a {placeholder}: its text, and whether it may stand inside a code span. */
export interface Filled {
  text: string;
  /** True only for values checked to be identifiers or numbers; machine text never is. */
  code: boolean;
}
export type Params = Record<string, Filled>;

/** Short names of the extensions, per language, for {ext}. */
export const EXTENSION_NAMES: Record<string, Text> = {
  vmx: { en: 'Intel VT-x', 'zh-cn': 'Intel VT-x' },
  'vmx-ept': { en: 'Intel VT-x with EPT', 'zh-cn': 'Intel VT-x 及 EPT' },
  svm: { en: 'AMD-V', 'zh-cn': 'AMD-V' },
  'svm-npt': { en: 'AMD-V with NPT', 'zh-cn': 'AMD-V 及 NPT' },
  either: { en: 'VT-x/AMD-V', 'zh-cn': 'VT-x/AMD-V' },
  arm64: { en: 'ARM virtualization extensions (EL2)', 'zh-cn': 'ARM 虚拟化扩展（EL2）' },
  'hv-unknown': { en: 'hypervisor not identified', 'zh-cn': '未识别出具体的 hypervisor' },
  'device-absent': { en: 'does not exist', 'zh-cn': '不存在' },
  'device-present': { en: 'exists but this user cannot open it', 'zh-cn': '存在，但当前用户无法打开' },
  'device-usable': { en: 'exists and this user can open it', 'zh-cn': '存在，且当前用户可以打开' },
  'device-unknown': { en: 'could not be checked', 'zh-cn': '无法检查' },
};

/** A word from EXTENSION_NAMES in the given language (the key itself when unknown). */
export function term(lang: Lang, key: string): string {
  return EXTENSION_NAMES[key]?.[lang] ?? key;
}

/** Placeholders that may appear inside a code span (unit-tested against the tables). */
export const CODE_PLACEHOLDERS: readonly string[] = ['module'];

/**
 * Fills {placeholders}. The template's backticks split it into prose and code; a value that
 * is not allowed in code is never put inside a code span (it shows as "?" there instead).
 */
function fill(template: string, params: Params | undefined): string {
  return template
    .split('`')
    .map((part, i) =>
      part.replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = params && Object.hasOwn(params, name) ? params[name] : undefined;
        if (!value) return whole;
        return i % 2 === 1 && !value.code ? '?' : value.text;
      }),
    )
    .join('`');
}

export function summaryText(lang: Lang, key: SummaryKey, params?: Params): string {
  return fill(SUMMARIES[key][lang], params);
}

export function hintText(lang: Lang, key: HintKey, params?: Params): string {
  return fill(HINTS[key][lang], params);
}
