// QEMU command line → libvirt domain XML, as a plain function for the VS Code command, the
// exported API, the tests and the benchmark. See convert.ts for how options are mapped.
import type { Lang } from '../../language';
import type { QemuData } from '../data';
import { convertQemu, type Conversion, type ConversionFailure } from './convert';
import { unmappedReason } from './reasons';

export { convertQemu, QEMU_NS, type Conversion, type ConversionFailure } from './convert';
export { unmappedReason, UNMAPPED_CODES, type Unmapped, type UnmappedCode } from './reasons';

export interface QemuToLibvirtResult {
  xml: string;
  unmapped: { option: string; reason: string }[];
}

/**
 * The API's form: the XML and each unmapped option with its reason in `lang`. Throws when the
 * text holds no qemu-system-x86_64/aarch64 command line (there is nothing to convert).
 */
export function qemuToLibvirt(commandLine: string, datas: QemuData[], lang: Lang = 'en'): QemuToLibvirtResult {
  const r: Conversion | ConversionFailure = convertQemu(typeof commandLine === 'string' ? commandLine : '', datas);
  if ('error' in r)
    throw new Error(
      r.error === 'no-qemu-line'
        ? 'No qemu-system-x86_64 or qemu-system-aarch64 command line found.'
        : 'Only qemu-system-x86_64 and qemu-system-aarch64 command lines are converted.',
    );
  return { xml: r.xml, unmapped: r.unmapped.map((u) => ({ option: u.option, reason: unmappedReason(u, lang) })) };
}
