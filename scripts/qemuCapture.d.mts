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
export function parseHelp(text: string): Record<string, { args: string[]; desc: string }>;
export function parseMachines(text: string): Record<string, string>;
export function parseCpus(text: string): { models: Record<string, string>; flags: string[] };
export function parseList(text: string): string[];
export function parseDevices(
  text: string,
): Record<string, { category: string; bus?: string; alias?: string; desc?: string }>;
export function parseDeviceProps(text: string): Record<string, [string] | [string, string]>;
export function unionKeys(schema: unknown[], command: string): Record<string, string[]>;
