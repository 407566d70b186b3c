// Types of the virtual module `virtkit:cpu-flags` (tsconfig maps the name here): the name,
// line and vendor of every flag in content/cpu-flags.yaml, embedded in every bundle because
// the host probe needs them at once, without the whole knowledge base.
import type { CpuFlagInfo } from './concepts/types';

export declare const cpuFlagLines: readonly Pick<CpuFlagInfo, 'flag' | 'line' | 'alsoIn' | 'vendor'>[];
