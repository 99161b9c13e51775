import { UsageError } from './usage-error.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/**
 * Parses `--max-memory`: a number of bytes with an optional unit (`8GB`,
 * `512MiB`, `1.5gb`; decimal KB/MB/GB/TB or binary KiB/MiB/GiB/TiB).
 *
 * @throws UsageError naming the flag.
 */
export function parseMemorySize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  const value = match === null || unit === undefined ? Number.NaN : Number(match[1]) * unit;
  if (!Number.isFinite(value) || value < 1) throw new UsageError(`--max-memory must be a size like 8GB, 512MiB or a number of bytes, got "${text}"`);
  return Math.floor(value);
}
