// Types of scripts/toolsCapture.mjs for the drift test (test/unit/referenceToolsDrift.unit.test.ts).
import type { ToolHelp, ToolName } from '../src/core/reference/types';

export const TOOL_NAMES: ToolName[];
export function run(binary: string, args: string[]): string;
export function findTool(tool: string): string | undefined;
export function parseOptionLines(text: string): Record<string, string>;
export function parseSynopsisOptions(synopsis: string): string[];
export function captureTool(tool: ToolName): ToolHelp | undefined;
