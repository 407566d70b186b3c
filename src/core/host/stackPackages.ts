// Which package provides each tool of the virtualization stack, per distribution family. Data,
// not logic: stackProbe.ts looks names up here for the tools it did not find. `checked` says
// where each name was confirmed; "unverified" means it could not be checked offline while this
// table was written (the names follow each distribution's usual split and should be confirmed
// on packages.fedoraproject.org, archlinux.org/packages or software.opensuse.org).

/** The tools the stack section looks for. */
export type StackToolId =
  | 'qemu-system-x86_64'
  | 'qemu-system-aarch64'
  | 'qemu-img'
  | 'virsh'
  | 'libvirtd'
  | 'swtpm'
  | 'virtiofsd'
  | 'ovmf'
  | 'aavmf';

export type DistroFamily = 'debian' | 'fedora' | 'arch' | 'suse';

export interface PackageName {
  /** The package to install; alternatives (a name that changed between releases) after it. */
  names: string[];
  /** Where the name was checked, or 'unverified'. */
  checked: string;
}

const DPKG = 'dpkg -S on Debian 12 (bookworm), this machine';

export const STACK_PACKAGES: Record<DistroFamily, Record<StackToolId, PackageName>> = {
  debian: {
    'qemu-system-x86_64': { names: ['qemu-system-x86'], checked: DPKG },
    'qemu-system-aarch64': { names: ['qemu-system-arm'], checked: DPKG },
    'qemu-img': { names: ['qemu-utils'], checked: DPKG },
    virsh: { names: ['libvirt-clients'], checked: DPKG },
    // libvirtd itself is in libvirt-daemon; libvirt-daemon-system (which depends on it) adds
    // the service, the sockets and the libvirt group, which is what a person wants installed.
    libvirtd: { names: ['libvirt-daemon-system'], checked: DPKG },
    swtpm: { names: ['swtpm'], checked: DPKG },
    // Debian 12 ships the C virtiofsd in qemu-system-common (/usr/lib/qemu/virtiofsd); later
    // releases and Ubuntu 24.04 have the Rust one as its own package (/usr/libexec/virtiofsd).
    virtiofsd: {
      names: ['virtiofsd', 'qemu-system-common'],
      checked: `${DPKG} (qemu-system-common); virtiofsd unverified`,
    },
    ovmf: { names: ['ovmf'], checked: DPKG },
    aavmf: { names: ['qemu-efi-aarch64'], checked: DPKG },
  },
  fedora: {
    'qemu-system-x86_64': { names: ['qemu-system-x86'], checked: 'unverified' },
    'qemu-system-aarch64': { names: ['qemu-system-aarch64'], checked: 'unverified' },
    'qemu-img': { names: ['qemu-img'], checked: 'unverified' },
    virsh: { names: ['libvirt-client'], checked: 'package list of a Fedora 26 libvirt install (search: pages)' },
    libvirtd: { names: ['libvirt-daemon'], checked: 'package list of a Fedora 26 libvirt install (search: pages)' },
    swtpm: { names: ['swtpm'], checked: 'unverified' },
    virtiofsd: { names: ['virtiofsd'], checked: 'unverified' },
    ovmf: { names: ['edk2-ovmf'], checked: 'unverified' },
    aavmf: { names: ['edk2-aarch64'], checked: 'unverified' },
  },
  arch: {
    'qemu-system-x86_64': { names: ['qemu-system-x86'], checked: 'Arch qemu PKGBUILD pkgname list (search: pages)' },
    'qemu-system-aarch64': {
      names: ['qemu-system-aarch64'],
      checked: 'Arch qemu PKGBUILD pkgname list (search: pages)',
    },
    'qemu-img': { names: ['qemu-img'], checked: 'Arch qemu PKGBUILD pkgname list (search: pages)' },
    virsh: { names: ['libvirt'], checked: 'pacman log installing libvirt (search: pages)' },
    libvirtd: { names: ['libvirt'], checked: 'pacman log installing libvirt (search: pages)' },
    swtpm: { names: ['swtpm'], checked: 'unverified' },
    virtiofsd: { names: ['virtiofsd'], checked: 'unverified' },
    ovmf: { names: ['edk2-ovmf'], checked: 'archlinux.org/packages/extra/any/edk2-ovmf (search: docs)' },
    aavmf: { names: ['edk2-aarch64'], checked: 'unverified' },
  },
  suse: {
    'qemu-system-x86_64': { names: ['qemu-x86'], checked: 'unverified' },
    'qemu-system-aarch64': { names: ['qemu-arm'], checked: 'unverified' },
    'qemu-img': { names: ['qemu-tools'], checked: 'unverified' },
    virsh: { names: ['libvirt-client'], checked: 'unverified' },
    libvirtd: { names: ['libvirt-daemon'], checked: 'unverified' },
    swtpm: {
      names: ['swtpm'],
      checked: 'documentation.suse.com SLES 15 SP4/SP6 "Software TPM emulator" (search: docs)',
    },
    virtiofsd: { names: ['virtiofsd'], checked: 'unverified' },
    ovmf: { names: ['qemu-ovmf-x86_64'], checked: 'software.opensuse.org/package/qemu-ovmf-x86_64 (search: docs)' },
    aavmf: { names: ['qemu-uefi-aarch64'], checked: 'unverified' },
  },
};

/** The install command of each family, for the hint. */
export const INSTALL_COMMAND: Record<DistroFamily, string> = {
  debian: 'sudo apt install',
  fedora: 'sudo dnf install',
  arch: 'sudo pacman -S',
  suse: 'sudo zypper install',
};

/**
 * The family of an os-release ID and ID_LIKE: the ID first (Ubuntu says `ubuntu`, ID_LIKE
 * `debian`; Rocky says `rocky`, ID_LIKE `rhel centos fedora`), then each ID_LIKE word in order.
 */
export function distroFamily(id: string | null, idLike: readonly string[]): DistroFamily | null {
  for (const word of [id ?? '', ...idLike]) {
    if (/^(debian|ubuntu|raspbian|linuxmint|pop)$/.test(word)) return 'debian';
    if (/^(fedora|rhel|centos|rocky|almalinux|ol|amzn)$/.test(word)) return 'fedora';
    if (/^(arch|archarm|manjaro|endeavouros)$/.test(word)) return 'arch';
    if (/^(suse|opensuse|opensuse-leap|opensuse-tumbleweed|sles|sled)$/.test(word)) return 'suse';
  }
  return null;
}
