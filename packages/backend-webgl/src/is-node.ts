/** True under Node (where neither WebGL nor a canvas exists), false in browsers and workers. */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}
