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
