/** True under Node, false in browsers and workers: backends use it to say where they can run. */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/** `ProbeResult.install` of a browser-only backend probed in Node. */
export const BROWSER_HINT = 'run it in a browser: `pnpm demo`, or `nnlab bench --browser` (headless Chromium)';
