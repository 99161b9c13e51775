/**
 * JSON with object keys sorted at every level, so equal values always give
 * the same text whatever order their keys were written in. `undefined`
 * properties are left out, as `JSON.stringify` does.
 *
 * @example
 * stableStringify({ b: 1, a: [2, { d: 3, c: 4 }] }); // '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = 0xffffffffffffffffn;

/**
 * A short deterministic id for a JSON value: 64-bit FNV-1a of its
 * {@link stableStringify} text (UTF-8), as 16 hex digits. Pure JavaScript, so
 * ids are identical in Node, browsers and on every machine of a distributed
 * sweep. Not a cryptographic hash: it names trials, it does not protect them.
 *
 * @example
 * hashId({ lr: 0.001, hidden: 100 }) === hashId({ hidden: 100, lr: 0.001 }); // true
 * @internal Used by the sweep planners and `@nnlab/cli`; not part of the documented API.
 */
export function hashId(value: unknown): string {
  return fnv1a64(stableStringify(value));
}

/**
 * The 64-bit FNV-1a hash of a string's UTF-8 bytes, as 16 hex digits.
 *
 * @example
 * fnv1a64('a'); // 'af63dc4c8601ec8c'
 * @internal Used by the sweep planners and `@nnlab/cli`; not part of the documented API.
 */
export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}
