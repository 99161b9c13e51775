import { fileURLToPath } from 'node:url';
import { ensureDemoBuild as ensureBuilt, type EnsureDemoBuildOptions } from '@nnlab/browser-harness';

/** The demo app's directory in this repository (`apps/demo`), or `NNLAB_DEMO_DIR`. */
export function demoDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  // This file sits in apps/cli/src/browser or apps/cli/dist/browser: the demo is three levels up.
  return environment.NNLAB_DEMO_DIR ?? fileURLToPath(new URL('../../../demo/', import.meta.url));
}

/** The built demo site the `--browser` benches drive (`@nnlab/browser-harness`' ensureDemoBuild on {@link demoDirectory}). */
export function ensureDemoBuild(options: Omit<EnsureDemoBuildOptions, 'demoDir'> = {}): Promise<string> {
  return ensureBuilt({ ...options, demoDir: demoDirectory() });
}
