import { readFile } from 'node:fs/promises';
import { DataFormatError, InvalidArgumentError } from '@nnlab/core';
import { describe, expect, it } from 'vitest';
import { decodeMnist10k } from './decode-mnist-10k.js';
import { loadMnist10k } from './load-mnist-10k.js';
import { loadMnist10k as loadMnist10kFromFile } from './load-mnist-10k.node.js';

const ASSET = new URL('../assets/mnist-10k.bin', import.meta.url);

/** A fetch that serves the package's asset for its URL, as a static server would, and 404 otherwise. */
const assetFetch: typeof fetch = async (input) =>
  String(input) === 'https://example.test/mnist-10k.bin' ? new Response(await readFile(ASSET)) : new Response('no', { status: 404, statusText: 'Not Found' });

describe('loadMnist10k (browser, fetch) and decodeMnist10k', () => {
  it('fetches the same 10,000 digits the Node loader reads from the file', async () => {
    const [fetched, read] = await Promise.all([loadMnist10k({ url: 'https://example.test/mnist-10k.bin', fetch: assetFetch }), loadMnist10kFromFile()]);
    expect(fetched.count).toBe(10_000);
    expect(fetched.shape).toEqual([28, 28, 1]);
    // Element loops: a deep toEqual of 7.8 million floats takes minutes.
    expect(fetched.labels.every((label, i) => label === read.labels[i])).toBe(true);
    expect(fetched.images.length).toBe(read.images.length);
    expect(fetched.images.every((value, i) => value === read.images[i])).toBe(true);
  });

  it('defaults to the asset beside the package, which fetch cannot read from file: in Node (a clear pointer to /node)', async () => {
    await expect(loadMnist10k()).rejects.toThrow(InvalidArgumentError);
    await expect(loadMnist10k()).rejects.toThrow(/@nnlab\/datasets\/node/);
  });

  it('names the URL on HTTP errors and the source on damaged bytes', async () => {
    await expect(loadMnist10k({ url: 'https://example.test/missing.bin', fetch: assetFetch })).rejects.toThrow('https://example.test/missing.bin: HTTP 404 Not Found');
    await expect(decodeMnist10k(new Uint8Array([1, 2]), 'x.bin')).rejects.toThrow(new DataFormatError('2 bytes is too short for the embedded MNIST digits', 'x.bin'));
    await expect(decodeMnist10k(new Uint8Array([2, 0, 0, 0, 1]), 'y.bin')).rejects.toThrow('y.bin: expected 1574 bytes for 2 digits, got 5');
    await expect(decodeMnist10k(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), 'z.bin')).rejects.toThrow(/z.bin: not a valid gzip stream/);
  });

  it('accepts bytes already inflated (a server that sent Content-Encoding: gzip)', async () => {
    const one = new Uint8Array(4 + 1 + 784);
    one[0] = 1;
    one[4] = 7;
    one[5 + 100] = 255;
    const digits = await decodeMnist10k(one, 'one.bin');
    expect(Array.from(digits.labels)).toEqual([7]);
    expect(digits.images[100]).toBe(1);
  });
});
