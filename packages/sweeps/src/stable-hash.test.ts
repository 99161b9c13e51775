import { describe, expect, it } from 'vitest';
import { fnv1a64, hashId, stableStringify } from './stable-hash.js';

describe('stableStringify / hashId', () => {
  it('sorts keys at every level and drops undefined properties', () => {
    expect(stableStringify({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('hashes equal values to the same 16 hex digits and different values apart', () => {
    expect(hashId({ lr: 0.001, hidden: 100 })).toBe(hashId({ hidden: 100, lr: 0.001 }));
    expect(hashId({ lr: 0.001 })).toMatch(/^[0-9a-f]{16}$/);
    expect(hashId({ lr: 0.001 })).not.toBe(hashId({ lr: 0.01 }));
    expect(hashId({})).not.toBe(hashId([]));
    expect(hashId({ a: 1 })).toBe(fnv1a64('{"a":1}'));
  });

  it('computes FNV-1a 64 (published test vectors)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });
});
