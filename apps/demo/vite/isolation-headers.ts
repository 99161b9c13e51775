/**
 * Cross-origin isolation: with these two headers a page gets
 * SharedArrayBuffer, which tfjs' threaded wasm binary needs. Every server of
 * the built site should send them (see the README); without them the site
 * still works and wasm runs single-threaded.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
