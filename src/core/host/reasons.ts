// Why a file or a command could not be read. The probes say it as a code (with a number or a
// piece of the tool's own output where one is needed), and each language says it in its own
// words when a report or a page is rendered, so a Chinese report never shows "permission
// denied". The JSON report keeps the English sentence in `reason` (as before) and adds the
// code, so programs can switch on the code and people can read either.
import type { Lang } from '../language';

/** Every reason the probes give, in the order a reader meets them (files, then commands). */
export const REASON_CODES = [
  // Files (hostFs)
  'missing',
  'permission-denied',
  'is-directory',
  'symlink-loop',
  'would-block',
  'not-a-file',
  'io-error',
  'os-error',
  'error',
  // What a file held (linuxProbe)
  'empty',
  'unexpected-content',
  'unrecognised-content',
  'truncated',
  // Commands (commandRunner, darwinProbe, windowsProbe)
  'command-not-found',
  'timeout',
  'output-too-large',
  'exit',
  'failed',
  'no-answer',
  'empty-output',
  'not-json',
  'no-processor-data',
  'no-processor-answer',
  // The probe itself threw
  'exception',
  'too-many-devices',
  'devices-unreadable',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

export interface Reason {
  code: ReasonCode;
  /** The number the sentence needs: seconds of a timeout, an exit code, MiB read. */
  n?: number;
  /**
   * Text from the machine or a tool, shown as is (never translated): a Node error code, an
   * exception's message, the first line a command wrote to stderr.
   */
  detail?: string;
}

type Text = { en: string; 'zh-cn': string };

/**
 * The words of each reason. {n} is the number; {detail} the tool's text. A template without
 * {detail} gets it appended after a colon when there is one ("exit code 3: bad thing").
 */
export const REASON_TEXT: Record<ReasonCode, Text> = {
  missing: { en: 'missing', 'zh-cn': '不存在' },
  'permission-denied': { en: 'permission denied', 'zh-cn': '权限不足' },
  'is-directory': { en: 'is a directory', 'zh-cn': '是一个目录' },
  'symlink-loop': { en: 'symbolic link loop', 'zh-cn': '符号链接成环' },
  'would-block': { en: 'would block', 'zh-cn': '读取会阻塞' },
  'not-a-file': { en: 'not readable as a file', 'zh-cn': '无法作为文件读取' },
  'io-error': { en: 'I/O error', 'zh-cn': 'I/O 错误' },
  'os-error': { en: 'error {detail}', 'zh-cn': '系统错误 {detail}' },
  error: { en: 'error: {detail}', 'zh-cn': '出错：{detail}' },
  empty: { en: 'empty', 'zh-cn': '内容为空' },
  'unexpected-content': { en: 'unexpected content', 'zh-cn': '内容不符合预期' },
  'unrecognised-content': { en: 'unrecognised content', 'zh-cn': '内容无法识别' },
  truncated: { en: 'too large: only the first {n} MiB were read', 'zh-cn': '文件过大：只读取了前 {n} MiB' },
  'command-not-found': { en: 'command not found', 'zh-cn': '找不到该命令' },
  timeout: { en: 'timed out after {n} s', 'zh-cn': '{n} 秒后超时' },
  'output-too-large': { en: 'output too large', 'zh-cn': '输出过大' },
  exit: { en: 'exit code {n}', 'zh-cn': '退出码 {n}' },
  failed: { en: 'failed', 'zh-cn': '运行失败' },
  'no-answer': { en: 'no answer', 'zh-cn': '没有返回结果' },
  'empty-output': { en: 'empty output', 'zh-cn': '输出为空' },
  'not-json': { en: 'output is not JSON', 'zh-cn': '输出不是 JSON' },
  'no-processor-data': { en: 'no Win32_Processor data in the output', 'zh-cn': '输出中没有 Win32_Processor 数据' },
  'no-processor-answer': { en: 'Win32_Processor gave no answer', 'zh-cn': 'Win32_Processor 没有返回结果' },
  exception: { en: '{detail}', 'zh-cn': '{detail}' },
  'too-many-devices': {
    en: 'more than {n} devices: only the first were read',
    'zh-cn': '设备超过 {n} 个：只读取了前面的部分',
  },
  'devices-unreadable': { en: '{n} more devices could not be read', 'zh-cn': '另有 {n} 个设备无法读取' },
};

const SEPARATOR: Record<Lang, string> = { en: ': ', 'zh-cn': '：' };

/**
 * A reason in words. `show` decides how the tool's own text appears (the verdict quotes it,
 * so it never reads as the extension's words); by default it is shown as is.
 */
export function reasonText(lang: Lang, reason: Reason, show: (detail: string) => string = (d) => d): string {
  const template = REASON_TEXT[reason.code]?.[lang] ?? reason.code;
  const n = reason.n === undefined ? '?' : String(reason.n);
  const detail = reason.detail === undefined || reason.detail === '' ? undefined : show(reason.detail);
  let text = template.replace('{n}', n);
  if (template.includes('{detail}')) text = text.replace('{detail}', () => detail ?? '?');
  else if (detail !== undefined) text += SEPARATOR[lang] + detail;
  return text;
}

/** The fields a report's `unreadable` entry carries for a reason (see HostReport). */
export function unreadableEntry(
  source: string,
  reason: Reason,
): { source: string; reason: string; reasonCode: ReasonCode; reasonNumber?: number; reasonDetail?: string } {
  return {
    source,
    reason: reasonText('en', reason),
    reasonCode: reason.code,
    ...(reason.n === undefined ? {} : { reasonNumber: reason.n }),
    ...(reason.detail === undefined ? {} : { reasonDetail: reason.detail }),
  };
}

/** The reason of an `unreadable` entry, or undefined for a report written before reasons had codes. */
export function entryReason(entry: {
  reasonCode?: string;
  reasonNumber?: number;
  reasonDetail?: string;
}): Reason | undefined {
  const code = entry.reasonCode as ReasonCode | undefined;
  if (code === undefined || !(REASON_CODES as readonly string[]).includes(code)) return undefined;
  return {
    code,
    ...(typeof entry.reasonNumber === 'number' ? { n: entry.reasonNumber } : {}),
    ...(typeof entry.reasonDetail === 'string' ? { detail: entry.reasonDetail } : {}),
  };
}

/** Whether two reasons say the same thing. */
export function sameReason(a: Reason, b: Reason): boolean {
  return a.code === b.code && a.n === b.n && a.detail === b.detail;
}
