import { describe, expect, it } from 'vitest';
import { CHROMIUM_INSTALL_HINT, findChromium } from './find-chromium.js';

describe('findChromium', () => {
  it('takes NNLAB_CHROMIUM when it is executable, and says what to install when it is not', () => {
    expect(findChromium({ NNLAB_CHROMIUM: process.execPath }, [])).toEqual({ path: process.execPath });
    const missing = findChromium({ NNLAB_CHROMIUM: '/no/such/chrome' }, []);
    expect(missing.path).toBeUndefined();
    expect(missing.path === undefined && missing.reason).toBe(`NNLAB_CHROMIUM=/no/such/chrome is not an executable file: ${CHROMIUM_INSTALL_HINT}`);
  });

  it('otherwise picks the first executable candidate, or lists where it looked', () => {
    expect(findChromium({}, ['/no/such/chrome', process.execPath])).toEqual({ path: process.execPath });
    const none = findChromium({}, ['/no/a', '/no/b']);
    expect(none.path === undefined && none.reason).toMatch(/^no Chromium found \(looked for \/no\/a, \/no\/b\): install one with/);
  });
});
