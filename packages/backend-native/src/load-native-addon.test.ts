import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNativeAddon } from './load-native-addon.js';

describe('loadNativeAddon', () => {
  it('says the addon is not built, and how to build it, when the file is missing', () => {
    const result = loadNativeAddon('/nonexistent/nnlab_native.node');
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.reason).toMatch(/not built .*\/nonexistent\/nnlab_native.node is missing/);
    expect(result.install).toMatch(/apt-get install -y libdnnl-dev/);
  });

  it('reports a file that does not load instead of throwing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'nnlab-native-')), 'broken.node');
    writeFileSync(path, 'not a shared object');
    const result = loadNativeAddon(path);
    expect(result).toMatchObject({ ok: false });
    if (result.ok) return;
    expect(result.reason).toMatch(/failed to load/);
    expect(result.install).toMatch(/rebuild/);
  });
});

describe.skipIf(!loadNativeAddon().ok)('mallocStats', () => {
  it("reports the process's live malloc bytes, which follow an allocation and its release", () => {
    const load = loadNativeAddon();
    if (!load.ok) return;
    const before = load.addon.mallocStats();
    if (before === null) return; // not glibc 2.33+
    let block: Float32Array | undefined = new Float32Array(16 * 2 ** 20); // 64 MiB: Node's allocator mallocs it
    const during = load.addon.mallocStats();
    expect((during?.inUse ?? 0) - before.inUse).toBeGreaterThanOrEqual(64 * 2 ** 20);
    expect(block.length).toBe(16 * 2 ** 20);
    block = undefined;
    expect(block).toBeUndefined();
    expect(Object.keys(during ?? {}).sort()).toEqual(['free', 'inUse', 'mmapped']);
  });
});
