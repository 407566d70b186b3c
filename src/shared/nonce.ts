/**
 * A fresh CSP nonce for each render of a webview, from the platform's CSPRNG
 * (`globalThis.crypto` exists both in Node and in the web worker extension host).
 */
export function createNonce(): string {
  const bytes = new Uint8Array(18);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
