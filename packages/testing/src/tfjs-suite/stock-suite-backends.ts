import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

// The same extension as this file: .ts when run from sources (vitest), .js from dist.
const ext = extname(fileURLToPath(import.meta.url));

/** The suite backend module for tfjs-backend-cpu as published (the base of nnlab's native backend). */
export const STOCK_CPU_SUITE_BACKEND = fileURLToPath(new URL(`./stock-cpu-suite-backend${ext}`, import.meta.url));

/** The suite backend module that registers only @nnlab/autodiff's gradients (on tfjs-backend-cpu). */
export const AUTODIFF_SUITE_BACKEND = fileURLToPath(new URL(`./autodiff-suite-backend${ext}`, import.meta.url));

/** The ops (tfjs describe names) the browser backends run, one per line: browser-suite-ops.txt. */
export const SUITE_OPS_FILE = fileURLToPath(new URL('../../browser-suite-ops.txt', import.meta.url));
