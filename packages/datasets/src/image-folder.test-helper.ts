import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

/** A PNG of `width x height` RGBA 8-bit pixels given by `pixel(x, y)`, encoded as gray (0), RGB (2) or 16-bit gray. */
export function encodePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number],
  format: 'gray' | 'rgb' | 'gray16' = 'gray',
): Buffer {
  const sixteen = format === 'gray16';
  const data = sixteen ? new Uint16Array(width * height * 4) : new Uint8Array(width * height * 4);
  const max = sixteen ? 65535 : 255;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      data.set([Math.round(r * max), Math.round(g * max), Math.round(b * max), max], (y * width + x) * 4);
    }
  }
  const png = new pngjs.PNG({ width, height, colorType: format === 'rgb' ? 2 : 0, bitDepth: sixteen ? 16 : 8, inputHasAlpha: true });
  png.data = Buffer.from(data.buffer);
  return pngjs.PNG.sync.write(png, { colorType: format === 'rgb' ? 2 : 0, bitDepth: sixteen ? 16 : 8, inputHasAlpha: true });
}

/** A JPEG (quality 95) of a flat colour `rgb` in [0, 1]. */
export function encodeJpeg(width: number, height: number, rgb: [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([...rgb.map((v) => Math.round(v * 255)), 255], i * 4);
  return new Uint8Array(jpeg.encode({ data, width, height }, 95).data);
}

/** Writes files given as `{ 'relative/path': bytes }` under `root`. */
export async function writeTree(root: string, files: Record<string, Uint8Array | string>): Promise<void> {
  for (const [path, bytes] of Object.entries(files)) {
    const full = `${root}/${path}`;
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, bytes);
  }
}

/** A gray `size x size` PNG whose pixel (x, y) is `(x + y * size + seed) % 7 / 6`. */
export function patternPng(size: number, seed: number): Buffer {
  return encodePng(size, size, (x, y) => {
    const v = ((x + y * size + seed) % 7) / 6;
    return [v, v, v];
  });
}
