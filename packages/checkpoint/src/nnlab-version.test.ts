import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NNLAB_VERSION } from './nnlab-version.js';

describe('NNLAB_VERSION', () => {
  it("is @nnlab/checkpoint's package.json version (update it after changeset version)", () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(NNLAB_VERSION).toBe(manifest.version);
  });
});
