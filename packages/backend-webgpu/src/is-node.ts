/** True under Node (Node 20 has no `navigator.gpu`), false in browsers and workers. */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}
