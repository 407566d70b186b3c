// Why an option of the command line did not become one of libvirt's own elements: a stable
// code with arguments (what the API and tests switch on), worded in each language by the table
// below when a report or the API's `reason` is shown.
import type { Lang } from '../../language';

export type UnmappedCode =
  | 'passthrough'
  | 'unknown-option'
  | 'unknown-device'
  | 'key-ignored'
  | 'monitor'
  | 'libvirt-manages'
  | 'hostfwd'
  | 'unreferenced'
  | 'missing-reference'
  | 'invalid-value'
  | 'shell-expansion'
  | 'boot-order-conflict'
  | 'local-display'
  | 'stdio-console'
  | 'relative-path'
  | 'spice-added'
  | 'keymap-unused'
  | 'fwcfg-reserved';

export interface Unmapped {
  /** The option as written (`-netdev user,id=n0,…`), or the option and the key (`-netdev hostfwd=tcp::2222-:22`). */
  option: string;
  code: UnmappedCode;
  /** The code's arguments: key-ignored [key], unknown-device [device], unreferenced/missing-reference [id], invalid-value [value], shell-expansion [word]. */
  args: string[];
  /** Whether the option went into `<qemu:commandline>`. */
  passthrough: boolean;
}

const LABELS: Record<UnmappedCode, Record<Lang, string>> = {
  passthrough: {
    en: 'libvirt has no element for this option; it is passed to QEMU through <qemu:commandline>',
    'zh-cn': 'libvirt 没有对应的元素；已通过 <qemu:commandline> 原样传给 QEMU',
  },
  'unknown-option': {
    en: 'not an option this converter knows; passed to QEMU through <qemu:commandline>',
    'zh-cn': '转换器不认识这个选项；已通过 <qemu:commandline> 原样传给 QEMU',
  },
  'unknown-device': {
    en: 'libvirt has no element for the device {0}; it is passed to QEMU through <qemu:commandline>',
    'zh-cn': 'libvirt 没有表示设备 {0} 的元素；已通过 <qemu:commandline> 原样传给 QEMU',
  },
  'key-ignored': {
    en: 'the key {0} has no equivalent in libvirt’s XML and was left out',
    'zh-cn': '键 {0} 在 libvirt 的 XML 中没有对应项，已略去',
  },
  monitor: {
    en: 'the monitor and QMP belong to libvirt, which runs its own; use virsh qemu-monitor-command instead',
    'zh-cn': '监视器和 QMP 由 libvirt 自己管理；请改用 virsh qemu-monitor-command',
  },
  'libvirt-manages': {
    en: 'libvirt sets this itself when it starts the guest',
    'zh-cn': 'libvirt 启动虚拟机时会自行设置这一项',
  },
  hostfwd: {
    en: 'port forwarding of user networking ({0}) is not expressible for this backend; use a passt backend with <portForward> or a routed network',
    'zh-cn': '用户模式网络的端口转发（{0}）无法用这种后端表达；可改用 passt 后端加 <portForward>，或使用路由网络',
  },
  unreferenced: {
    en: 'nothing on the command line uses the id {0}, so nothing was generated for it',
    'zh-cn': '命令行中没有任何设备使用 id {0}，因此没有为它生成内容',
  },
  'missing-reference': {
    en: 'the id {0} is not defined on the command line',
    'zh-cn': '命令行中没有定义 id {0}',
  },
  'invalid-value': {
    en: 'the value {0} could not be read',
    'zh-cn': '无法解析取值 {0}',
  },
  'shell-expansion': {
    en: 'the word {0} holds a shell expansion, copied literally; replace it with the real path',
    'zh-cn': '词 {0} 含有 shell 展开，已按字面复制；请替换为实际路径',
  },
  'boot-order-conflict': {
    en: 'libvirt does not allow -boot order together with per-device bootindex; the bootindex values were kept',
    'zh-cn': 'libvirt 不允许 -boot order 与设备的 bootindex 同时使用；已保留 bootindex',
  },
  'local-display': {
    en: 'a local window is not part of a libvirt domain; view the guest with virt-viewer or virt-manager',
    'zh-cn': '本地窗口不属于 libvirt 虚拟机定义；请用 virt-viewer 或 virt-manager 查看虚拟机',
  },
  'stdio-console': {
    en: 'the serial console is on a pty instead of standard I/O; reach it with virsh console',
    'zh-cn': '串口控制台改为 pty 而非标准输入输出；请用 virsh console 连接',
  },
  'relative-path': {
    en: 'libvirt needs absolute paths: {0} was written as {1}; check that this is where the file is',
    'zh-cn': 'libvirt 只接受绝对路径：{0} 已写成 {1}，请确认文件确实在这里',
  },
  'spice-added': {
    en: "libvirt accepts SPICE channels only beside a SPICE display, so one was added (<graphics type='spice'>)",
    'zh-cn': "libvirt 只在有 SPICE 显示时接受 SPICE 通道，因此添加了一个（<graphics type='spice'>）",
  },
  'keymap-unused': {
    en: 'the keyboard layout {0} applies only to a VNC or SPICE display, and the command line has none',
    'zh-cn': '键盘布局 {0} 只作用于 VNC 或 SPICE 显示，而命令行中没有这样的显示',
  },
  'fwcfg-reserved': {
    en: 'libvirt accepts only fw_cfg names under opt/ and keeps opt/ovmf/ and opt/org.qemu/ for itself, so {0} is passed to QEMU through <qemu:commandline>',
    'zh-cn':
      'libvirt 只接受 opt/ 下的 fw_cfg 名称，并保留 opt/ovmf/ 和 opt/org.qemu/ 供自己使用，因此 {0} 通过 <qemu:commandline> 原样传给 QEMU',
  },
};

/** The reason of an unmapped option, in `lang`. */
export function unmappedReason(u: Pick<Unmapped, 'code' | 'args'>, lang: Lang): string {
  return LABELS[u.code][lang].replace(/\{(\d)\}/g, (_, n: string) => u.args[Number(n)] ?? '');
}

export const UNMAPPED_CODES = Object.keys(LABELS) as UnmappedCode[];
