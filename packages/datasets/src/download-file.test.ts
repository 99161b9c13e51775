import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadError } from '@nnlab/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadFile } from './download-file.js';
import { fakeMnistFiles } from './fixtures.test-helper.js';
import { loadDatasetByName } from './load-dataset-by-name.js';
import { MNIST_SHA256, loadMnist } from './load-mnist.js';
import { loadRemoteMnistFamily } from './load-remote-mnist-family.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('downloads against a local HTTP server', () => {
  const files = fakeMnistFiles({ train: 12, test: 5 });
  const hits = new Map<string, number>();
  let server: Server;
  let base = '';
  let root = '';

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'nnlab-download-'));
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      hits.set(path, (hits.get(path) ?? 0) + 1);
      const name = path.split('/').pop() ?? '';
      if (path.startsWith('/mnist/') && files.has(name)) {
        response.writeHead(200, { 'content-type': 'application/gzip' });
        response.end(files.get(name));
      } else if (path === '/moved') {
        response.writeHead(302, { location: '/mnist/t10k-labels-idx1-ubyte.gz' });
        response.end();
      } else if (path === '/login') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<html><body>Please sign in</body></html>');
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(root, { recursive: true, force: true });
  });

  const labelsFile = 't10k-labels-idx1-ubyte.gz';
  const labelsBytes = (): Uint8Array => files.get(labelsFile) as Uint8Array;
  const leftovers = async (dir: string): Promise<string[]> =>
    existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.part')) : [];

  it('downloads, verifies the checksum and then reuses the cached file', async () => {
    const destination = join(root, 'ok', labelsFile);
    const url = `${base}/mnist/${labelsFile}`;
    const first = await downloadFile(url, destination, { sha256: sha256(labelsBytes()), expectedSize: labelsBytes().length });
    expect(first).toMatchObject({ path: destination, bytes: labelsBytes().length, cached: false });
    expect(new Uint8Array(await readFile(destination))).toEqual(labelsBytes());
    const before = hits.get(`/mnist/${labelsFile}`);
    const second = await downloadFile(url, destination, { sha256: sha256(labelsBytes()) });
    expect(second.cached).toBe(true);
    expect(hits.get(`/mnist/${labelsFile}`)).toBe(before);
  });

  it('discards a file whose checksum does not match', async () => {
    const dir = join(root, 'mismatch');
    const destination = join(dir, labelsFile);
    const wrong = '0'.repeat(64);
    await expect(downloadFile(`${base}/mnist/${labelsFile}`, destination, { sha256: wrong })).rejects.toThrow(DownloadError);
    await expect(downloadFile(`${base}/mnist/${labelsFile}`, destination, { sha256: wrong })).rejects.toThrow(
      /SHA-256 mismatch: got [0-9a-f]{64}, expected 0{64}/,
    );
    expect(existsSync(destination)).toBe(false);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('re-downloads a cached file that fails its checksum', async () => {
    const destination = join(root, 'stale', labelsFile);
    await downloadFile(`${base}/mnist/${labelsFile}`, destination);
    await writeFile(destination, 'corrupted');
    const result = await downloadFile(`${base}/mnist/${labelsFile}`, destination, { sha256: sha256(labelsBytes()) });
    expect(result.cached).toBe(false);
    expect(new Uint8Array(await readFile(destination))).toEqual(labelsBytes());
  });

  it('treats a 404 as an error and leaves nothing behind', async () => {
    const dir = join(root, 'missing');
    await expect(downloadFile(`${base}/nope.gz`, join(dir, 'nope.gz'))).rejects.toThrow(/nope\.gz: HTTP 404 Not Found/);
    expect(existsSync(join(dir, 'nope.gz'))).toBe(false);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('treats an HTML page as an error', async () => {
    await expect(downloadFile(`${base}/login`, join(root, 'html', 'x.gz'))).rejects.toThrow(/server sent an HTML page/);
    expect(existsSync(join(root, 'html', 'x.gz'))).toBe(false);
  });

  it('follows redirects', async () => {
    const result = await downloadFile(`${base}/moved`, join(root, 'redirect', labelsFile), { sha256: sha256(labelsBytes()) });
    expect(result.bytes).toBe(labelsBytes().length);
  });

  it('wraps network failures and rejects bad arguments', async () => {
    await expect(downloadFile('http://127.0.0.1:1/x', join(root, 'refused', 'x'))).rejects.toThrow(/request failed/);
    await expect(downloadFile('ftp://example.org/x', join(root, 'x'))).rejects.toThrow(/url must be an http\(s\) URL/);
    await expect(downloadFile(`${base}/moved`, join(root, 'x'), { sha256: 'abc' })).rejects.toThrow(/sha256 must be 64 hex digits/);
  });

  it('loads a remote MNIST-format dataset into the cache, checksums checked', async () => {
    const checksums = Object.fromEntries([...files].map(([name, bytes]) => [name, sha256(bytes)]));
    const cacheDir = join(root, 'cache');
    const { train, test } = await loadMnist({ cacheDir, baseUrl: `${base}/mnist`, checksums });
    expect([train.count, test.count]).toEqual([12, 5]);
    expect((await readdir(join(cacheDir, 'mnist'))).sort()).toEqual([...files.keys()].sort());
    const custom = await loadRemoteMnistFamily({ name: 'letters', baseUrl: `${base}/mnist/`, cacheDir, classNames: 'ABCDEFGHIJ'.split('') });
    expect(custom.train.classNames?.[0]).toBe('A');
  });

  it('enforces the real MNIST checksums by default', async () => {
    expect(Object.keys(MNIST_SHA256).sort()).toEqual([...files.keys()].sort());
    const cacheDir = join(root, 'real-checksums');
    await expect(loadDatasetByName('mnist', { cacheDir, baseUrl: `${base}/mnist/` })).rejects.toThrow(DownloadError);
    expect(await leftovers(join(cacheDir, 'mnist'))).toEqual([]);
  });
});
