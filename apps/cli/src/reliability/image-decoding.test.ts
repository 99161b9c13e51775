import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodeIdx } from '@nnlab/datasets/node';
import { main } from '../program.js';
import { captureOutput } from '../test-output.js';

// Image data that is not all there is refused the same way on every run; what loading changes
// (colour to grey, resizing) is said once per folder; an IDX file of 0 images never gives NaN.
let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'nnlab-image-decoding-'));
});
afterAll(async () => rm(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> }> {
  const io = captureOutput();
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err(), json: code === 0 && args.includes('--json') ? io.lastJson() : {} };
}

function png(size: number, rgb: (i: number) => [number, number, number]): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let i = 0; i < size * size; i++) image.data.set([...rgb(i), 255], 4 * i);
  return PNG.sync.write(image);
}

/** The PNG's chunks with `replace` applied to each IDAT (undefined drops it); CRCs are not recomputed (checked after ours). */
function withImageData(bytes: Buffer, replace: (data: Buffer) => Buffer | undefined): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  for (let at = 8; at < bytes.length; ) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const chunk = bytes.subarray(at, at + 12 + length);
    if (type === 'IDAT') {
      const data = replace(chunk.subarray(8, 8 + length));
      if (data !== undefined) {
        const header = Buffer.alloc(8);
        header.writeUInt32BE(data.length, 0);
        header.write('IDAT', 4, 'latin1');
        parts.push(header, data, Buffer.alloc(4));
      }
    } else parts.push(chunk);
    at += 12 + length;
  }
  return Buffer.concat(parts);
}

describe('PNG image data', () => {
  const good = png(6, (i) => [i * 7, i * 7, i * 7]);

  it.each([
    ['no IDAT chunk', withImageData(good, () => undefined), /^x\.png: cannot decode PNG: it has no image data \(no IDAT chunk\)$/],
    ['image data that inflates short', withImageData(good, () => deflateSync(Buffer.alloc(10))), /^x\.png: cannot decode PNG: its image data inflates to 10 bytes, but a 6x6 image needs 150 \(truncated image data\)/],
    ['image data that is not zlib', withImageData(good, () => Buffer.from('garbage!')), /^x\.png: cannot decode PNG: its image data does not inflate/],
  ])('%s is refused, the same way every time', (_label, bytes, message) => {
    const errors = Array.from({ length: 5 }, () => {
      try {
        decodeImage(bytes, { source: 'x.png' });
        return 'decoded';
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(errors[0]).toMatch(message);
    expect(new Set(errors).size).toBe(1);
  });

  it('an interlaced PNG still decodes', () => {
    const image = new PNG({ width: 9, height: 7 });
    image.data.fill(200);
    const interlaced = PNG.sync.write(image, { interlace: true } as never);
    expect(decodeImage(interlaced).pixels.length).toBe(63);
  });

  it('in a folder, a PNG without IDAT is skipped with the reason, and the folder loads', async () => {
    const dir = join(root, 'no-idat');
    for (const name of ['a', 'b']) {
      await mkdir(join(dir, name), { recursive: true });
      for (let i = 0; i < 3; i++) await writeFile(join(dir, name, `${i}.png`), png(6, () => (name === 'a' ? [0, 0, 0] : [255, 255, 255])));
    }
    await writeFile(join(dir, 'a', 'broken.png'), withImageData(good, () => undefined));
    const first = await run(['data', 'inspect', `folder:${dir}`]);
    const second = await run(['data', 'inspect', `folder:${dir}`]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain('1 files skipped');
    expect(second.out).toBe(first.out);
  });
});

describe('what loading a folder changes is said once per folder', () => {
  it('colour images in a grey dataset and resizing get one note per class folder', async () => {
    const dir = join(root, 'mixed');
    await mkdir(join(dir, 'colour'), { recursive: true });
    await mkdir(join(dir, 'grey'), { recursive: true });
    for (let i = 0; i < 4; i++) {
      await writeFile(join(dir, 'colour', `${i}.png`), png(8, (p) => [p * 3, 0, 255 - p * 3]));
      await writeFile(join(dir, 'grey', `${i}.png`), png(i === 0 ? 8 : 6, (p) => [p, p, p]));
    }
    const result = await run(['data', 'inspect', `folder:${dir},size=6`]);
    expect(result.code, result.err).toBe(0);
    const notes = result.err.trim().split('\n');
    expect(notes).toEqual([
      `nnlab: note: ${dir}/colour: 4 of 4 colour images converted to grey (channels=1), 4 of 4 resized to 6x6 (from 8x8 and other sizes)`,
      `nnlab: note: ${dir}/grey: 1 of 4 resized to 6x6 (from 8x8)`,
    ]);
    // With channels=3 nothing is converted; without size= a folder of one size is left alone.
    const rgb = await run(['data', 'inspect', `folder:${dir},size=6,channels=3`]);
    expect(rgb.err).not.toContain('converted to grey');
  });
});

describe('an IDX file with 0 images', () => {
  it('data inspect warns and prints no NaN statistics', async () => {
    const file = join(root, 'empty.idx');
    await writeFile(file, encodeIdx({ dtype: 'uint8', shape: [0, 2, 3], data: new Uint8Array(0) }));
    const result = await run(['data', 'inspect', `idx:${file}`]);
    expect(result.code, result.err).toBe(0);
    expect(result.err).toBe(`nnlab: warning: ${file} holds 0 images: nothing to train or test on\n`);
    expect(result.err + result.out).not.toMatch(/NaN/);
    expect(result.out).toContain('  values: none\n');
    const json = await run(['data', 'inspect', `idx:${file}`, '--json']);
    expect((json.json.splits as { file: { pixels: unknown } }).file.pixels).toBeNull();
  });
});
