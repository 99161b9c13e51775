/**
 * A byte count in words for people: decimal units (kB, MB, GB, TB) with 3
 * significant figures, as the memory estimates and limits are printed.
 *
 * @example
 * formatBytes(350e6); // '350 MB'
 * formatBytes(12.64e9); // '12.6 GB'
 */
export function formatBytes(bytes: number): string {
  const [unit, scale] = bytes >= 1e12 ? ['TB', 1e12] : bytes >= 1e9 ? ['GB', 1e9] : bytes >= 1e6 ? ['MB', 1e6] : ['kB', 1e3];
  return `${Number((bytes / scale).toPrecision(3))} ${unit}`;
}
