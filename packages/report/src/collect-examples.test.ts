import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectExamples } from './collect-examples.js';
import { encodePng } from './image-grid.js';

let dir: string;

/** A 4x4 grey PNG: one dark pixel on white (a drawing), or one white pixel on black (MNIST-style). */
function png(darkOnLight: boolean): Uint8Array {
  const data = new Uint8Array(4 * 4 * 4);
  for (let i = 0; i < 16; i++) {
    const level = (i === 5) === darkOnLight ? 0 : 255;
    data.set([level, level, level, 255], i * 4);
  }
  return encodePng({ width: 4, height: 4, data });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nnlab-collect-'));
  await writeFile(join(dir, 'drawn.png'), png(true));
  await writeFile(join(dir, 'mnist-like.png'), png(false));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('collectExamples', () => {
  it('names the grey image files that are mostly light, and inverts image files with invert', async () => {
    const files = [join(dir, 'drawn.png'), join(dir, 'mnist-like.png')];
    const plain = await collectExamples(files, [4, 4, 1]);
    expect(plain.mostlyLight).toEqual([files[0]]);
    expect(plain.labels).toEqual([null, null]);
    expect(plain.pixels[5]).toBe(0);
    expect(plain.pixels[16 + 5]).toBe(1);

    const inverted = await collectExamples(files, [4, 4, 1], { invert: true });
    expect(inverted.mostlyLight).toEqual([files[1]]);
    expect(inverted.pixels[5]).toBe(1);
    expect(inverted.pixels[0]).toBe(0);
  });
});
