/**
 * SHA-256 of `bytes` as lowercase hex, with Web Crypto (`crypto.subtle`), which
 * browsers (in secure contexts: https and localhost) and Node 20 both have, so
 * checkpoints are checked the same way everywhere.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
