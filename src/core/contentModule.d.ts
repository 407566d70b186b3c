// Types of the virtual module `virtkit:content` (tsconfig maps the name here); the build
// (scripts/build.mjs) supplies the module itself: the parsed content/ folder.
import type { ContentData } from './concepts/types';

/** The bundled content, parsed on first call. */
export declare function loadContent(): ContentData;
