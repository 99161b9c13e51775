import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Headless Chromium flags that work here (Debian's chromium, as root, no GPU,
 * no network): WebGL 2 runs on SwiftShader through ANGLE even with
 * `--disable-gpu`; WebGPU needs `--enable-unsafe-webgpu` and then offers a
 * SwiftShader fallback adapter (on a secure context: http://127.0.0.1 is
 * one, about:blank is not). The rest keep Chromium off the network and quiet.
 */
export const CHROMIUM_FLAGS: readonly string[] = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--headless',
  '--disable-gpu',
  '--enable-unsafe-webgpu',
];

/** A launched browser; `close()` also deletes its throw-away profile. */
export interface LaunchedChromium {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium at `executablePath` with {@link CHROMIUM_FLAGS}
 * and a fresh profile directory (a temporary `--user-data-dir`).
 *
 * @example
 * const { context, close } = await launchChromium('/usr/bin/chromium');
 * const page = await context.newPage();
 */
export async function launchChromium(executablePath: string, options: { timeoutMs?: number } = {}): Promise<LaunchedChromium> {
  const profile = await mkdtemp(join(tmpdir(), 'nnlab-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_FLAGS],
      timeout: options.timeoutMs ?? 60_000,
      viewport: { width: 1200, height: 900 },
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => {});
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
