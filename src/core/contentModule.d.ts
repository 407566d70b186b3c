// Types of the virtual module `virtkit:content` (tsconfig maps the name here); the build
// (scripts/build.mjs) supplies the module itself: the parsed content/ folder. In the extension
// bundles the text comes from dist/content.json, handed in once through setContent().
import type { ContentData } from './concepts/types';

/** The content, parsed; throws in an extension bundle until setContent() was called. */
export declare function loadContent(): ContentData;
/** Hands in the text of dist/content.json (the first call wins). */
export declare function setContent(json: string): void;
/** Whether loadContent() can answer now. */
export declare function contentLoaded(): boolean;
