// Parses /proc/cpuinfo as printed by Linux on x86 (one block per CPU with vendor_id, flags,
// vmx flags…), arm64 (CPU implementer/part, Features), 32-bit ARM (model name "… (v7l)", or
// the old one-block format with "Processor : ARMv7 …") and a few others. Pure: text in, facts
// out. Whatever the text is (empty, truncated, garbage, CRLF), it returns facts or nulls.

export type CpuArch = 'x64' | 'ia32' | 'arm64' | 'arm' | 'ppc64' | 's390x' | 'riscv64';

export interface CpuinfoFacts {
  /** The kernel's architecture as the text shows it, null when it shows none. */
  arch: CpuArch | null;
  vendor: 'intel' | 'amd' | 'arm' | 'other' | null;
  /** As printed: GenuineIntel, AuthenticAMD, HygonGenuine, 0x41… */
  vendorId: string | null;
  model: string | null;
  /** Number of "processor : N" entries. */
  logicalCpus: number | null;
  /** x86 `flags` of the first CPU that has them; null when no such line. */
  flags: ReadonlySet<string> | null;
  /** x86 `vmx flags` of the first CPU that has them; null when the line is absent. */
  vmxFlags: readonly string[] | null;
  /** ARM `Features`; null when absent. */
  armFeatures: readonly string[] | null;
}

const EMPTY: CpuinfoFacts = {
  arch: null,
  vendor: null,
  vendorId: null,
  model: null,
  logicalCpus: null,
  flags: null,
  vmxFlags: null,
  armFeatures: null,
};

/** A flag name as the kernel prints them; anything else in a flags line is ignored. */
const FLAG = /^[A-Za-z0-9_.+-]{1,64}$/;

function words(value: string): string[] {
  return value.split(/\s+/).filter((w) => FLAG.test(w));
}

/** ARM implementer and part names, as lscpu prints them (util-linux sys-utils/lscpu-arm.c). */
const ARM_IMPLEMENTERS: Record<string, { name: string; parts: Record<string, string> }> = {
  '0x41': {
    name: 'ARM',
    parts: {
      '0xc07': 'Cortex-A7',
      '0xc09': 'Cortex-A9',
      '0xc0d': 'Cortex-A12',
      '0xc0e': 'Cortex-A17',
      '0xc0f': 'Cortex-A15',
      '0xd03': 'Cortex-A53',
      '0xd04': 'Cortex-A35',
      '0xd05': 'Cortex-A55',
      '0xd07': 'Cortex-A57',
      '0xd08': 'Cortex-A72',
      '0xd09': 'Cortex-A73',
      '0xd0a': 'Cortex-A75',
      '0xd0b': 'Cortex-A76',
      '0xd0c': 'Neoverse-N1',
      '0xd0d': 'Cortex-A77',
      '0xd40': 'Neoverse-V1',
      '0xd41': 'Cortex-A78',
      '0xd44': 'Cortex-X1',
      '0xd46': 'Cortex-A510',
      '0xd47': 'Cortex-A710',
      '0xd48': 'Cortex-X2',
      '0xd49': 'Neoverse-N2',
      '0xd4f': 'Neoverse-V2',
    },
  },
  '0x42': { name: 'Broadcom', parts: {} },
  '0x43': { name: 'Cavium', parts: { '0x0a1': 'ThunderX 88XX', '0x0af': 'ThunderX2 99xx' } },
  '0x46': { name: 'Fujitsu', parts: { '0x001': 'A64FX' } },
  '0x48': { name: 'HiSilicon', parts: { '0xd01': 'Kunpeng-920' } },
  '0x4e': { name: 'NVIDIA', parts: {} },
  '0x50': { name: 'APM', parts: { '0x000': 'X-Gene' } },
  '0x51': { name: 'Qualcomm', parts: {} },
  '0x61': { name: 'Apple', parts: {} },
  '0xc0': { name: 'Ampere', parts: { '0xac3': 'Ampere-1', '0xac4': 'Ampere-1a' } },
};

function armModel(implementer: string | undefined, part: string | undefined): string | null {
  if (!implementer) return null;
  const impl = ARM_IMPLEMENTERS[implementer.toLowerCase()];
  const partName = part ? impl?.parts[part.toLowerCase()] : undefined;
  if (impl && partName) return `${impl.name} ${partName}`;
  const who = impl?.name ?? `implementer ${implementer}`;
  return part ? `${who} (part ${part})` : who;
}

type Block = Map<string, string>;

/** Splits the text into blocks of key → value (keys lower-cased, first value of a key kept). */
function blocks(text: string): Block[] {
  const out: Block[] = [];
  let current: Block = new Map();
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.trim();
    if (line === '') {
      if (current.size) out.push(current);
      current = new Map();
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase().replace(/\s+/g, ' ');
    if (key.length > 40) continue;
    const value = line.slice(colon + 1).trim();
    // The old ARM format has "Processor : ARMv7 Processor rev 0 (v7l)" besides the
    // "processor : 0" lines; keep that model apart so the CPU numbers still count.
    if (key === 'processor' && !/^\d+$/.test(value)) {
      if (!current.has('model (processor)')) current.set('model (processor)', value);
      continue;
    }
    if (!current.has(key)) current.set(key, value);
  }
  if (current.size) out.push(current);
  return out;
}

function first(bs: Block[], key: string): string | undefined {
  for (const b of bs) {
    const v = b.get(key);
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

function countProcessors(text: string): number {
  const m = text.match(/^[ \t]*processor[ \t]*:[ \t]*\d+[ \t]*\r?$/gm);
  return m ? m.length : 0;
}

export function parseCpuinfo(text: string): CpuinfoFacts {
  if (typeof text !== 'string' || text.trim() === '') return { ...EMPTY };
  const bs = blocks(text);
  if (bs.length === 0) return { ...EMPTY };

  const count = countProcessors(text);
  const logicalCpus = count > 0 ? count : null;

  const vendorId = first(bs, 'vendor_id') ?? null;
  const flagsLine = first(bs, 'flags');
  const vmxLine = bs.map((b) => b.get('vmx flags')).find((v) => v !== undefined);
  const featuresLine = first(bs, 'features');
  const implementer = first(bs, 'cpu implementer');
  const armArch = first(bs, 'cpu architecture');
  const armPart = first(bs, 'cpu part');
  const modelName = first(bs, 'model name') ?? first(bs, 'model (processor)');

  // x86: a vendor_id that is not IBM's, or a flags line.
  if ((vendorId && !/^IBM\/S390/i.test(vendorId)) || (flagsLine !== undefined && !implementer)) {
    const flags = new Set(words(flagsLine ?? ''));
    let vendor: CpuinfoFacts['vendor'] = null;
    if (vendorId === 'GenuineIntel') vendor = 'intel';
    else if (vendorId === 'AuthenticAMD') vendor = 'amd';
    else if (vendorId) vendor = 'other';
    return {
      arch: flagsLine === undefined ? null : flags.has('lm') ? 'x64' : 'ia32',
      vendor,
      vendorId,
      model: modelName ?? null,
      logicalCpus,
      flags: flagsLine === undefined ? null : flags,
      vmxFlags: vmxLine === undefined ? null : words(vmxLine),
      armFeatures: null,
    };
  }

  // ARM: a CPU implementer, an ARM model name or an ARM Features line.
  const armName = modelName ?? '';
  const looksArm = implementer !== undefined || /\bARMv\d|\(v\dl\)/.test(armName) || armArch !== undefined;
  if (looksArm) {
    const features = featuresLine === undefined ? null : words(featuresLine);
    let arch: CpuArch | null = null;
    if (/\(v[4-7]l\)|\bARMv[4-7]/.test(armName)) arch = 'arm';
    else if (/\(v8l\)|AArch64/i.test(armName)) arch = 'arm64';
    else if (armArch !== undefined) {
      if (/^(8|9|AArch64)$/i.test(armArch) || features?.includes('asimd')) arch = 'arm64';
      else if (/^[4-7]/.test(armArch)) arch = 'arm';
    }
    return {
      arch,
      vendor: implementer ? 'arm' : arch ? 'arm' : null,
      vendorId: implementer ?? null,
      model: modelName ?? armModel(implementer, armPart) ?? first(bs, 'hardware') ?? null,
      logicalCpus,
      flags: null,
      vmxFlags: null,
      armFeatures: features,
    };
  }

  // Others, enough to say what the machine is.
  const ppc = first(bs, 'cpu');
  if (ppc && /POWER|PowerPC|ppc/i.test(ppc)) {
    return { ...EMPTY, arch: 'ppc64', vendor: 'other', vendorId: 'IBM', model: ppc, logicalCpus };
  }
  if (vendorId && /^IBM\/S390/i.test(vendorId)) {
    return { ...EMPTY, arch: 's390x', vendor: 'other', vendorId, model: null, logicalCpus };
  }
  const isa = first(bs, 'isa');
  if (isa && /^rv64/i.test(isa)) {
    return {
      ...EMPTY,
      arch: 'riscv64',
      vendor: 'other',
      vendorId: null,
      model: first(bs, 'uarch') ?? null,
      logicalCpus,
    };
  }
  return { ...EMPTY, logicalCpus };
}
