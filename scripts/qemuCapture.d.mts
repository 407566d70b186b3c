// Types of scripts/qemuCapture.mjs for the drift test (test/unit/qemuDrift.unit.test.ts).
import type { QemuData } from '../src/core/qemu/data';

export interface CaptureOptions {
  devicesToDescribe?: (names: string[]) => string[];
  concurrency?: number;
  optionCandidates?: string[];
}
/** What one QEMU binary says, devices with their properties inline (not yet compacted). */
export type CapturedQemu = Omit<QemuData, 'captured'>;
export function captureQemu(binary: string, options?: CaptureOptions): Promise<CapturedQemu>;
export function contentOptionNames(root: string): string[];
export function probeOption(binary: string, option: string): Promise<'arg' | 'none' | undefined>;
export function run(binary: string, args: string[]): Promise<string>;
