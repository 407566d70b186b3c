// The build (scripts/build.mjs) resolves this module to the parsed content/ folder.
declare module 'virtkit:content' {
  import type { ContentData } from './concepts/types';
  export function loadContent(): ContentData;
}
