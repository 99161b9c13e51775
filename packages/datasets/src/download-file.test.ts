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
  let other: Server;
  let base = '';
  let otherBase = '';
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
      } else if (path === '/elsewhere') {
        // Same file, other origin: "localhost" is not "127.0.0.1" to a URL, and another port is another origin too.
        response.writeHead(302, { location: `http://localhost:${(server.address() as AddressInfo).port}/mnist/t10k-labels-idx1-ubyte.gz` });
        response.end();
      } else if (path === '/other-port') {
        response.writeHead(301, { location: `${otherBase}/mnist/t10k-labels-idx1-ubyte.gz` });
        response.end();
      } else if (path === '/loop') {
        response.writeHead(307, { location: '/loop' });
        response.end();
      } else if (path === '/error-page') {
        // An error page sent as a binary type: only the body shows it.
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end('\n  <!DOCTYPE html><html><body>503 Service Unavailable</body></html>');
      } else if (path === '/truncated') {
        // Promises 5000 bytes, sends 1000, then the connection drops.
        response.writeHead(200, { 'content-type': 'application/gzip', 'content-length': '5000' });
        response.write(new Uint8Array(1000).fill(7));
        setTimeout(() => response.socket?.destroy(), 20);
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
    other = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/gzip' });
      response.end(labelsBytes());
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    otherBase = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await new Promise<void>((resolve) => other.close(() => resolve()));
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

  it.each([
    ['a redirect to another host name', '/elsewhere', /elsewhere: redirected to another host \(http:\/\/localhost:\d+\/mnist\/t10k-labels-idx1-ubyte\.gz\); refused: download from http:\/\/localhost:\d+ directly if you trust it/],
    ['a redirect to another port', '/other-port', /other-port: redirected to another host \(http:\/\/127\.0\.0\.1:\d+\/mnist\/t10k-labels-idx1-ubyte\.gz\); refused/],
    ['a redirect loop', '/loop', /loop: more than 5 redirects/],
    ['an HTML error page sent as application/octet-stream', '/error-page', /error-page: server sent an HTML page \(content-type application\/octet-stream\), not the file/],
    ['an HTML login page (text/html)', '/login', /login: server sent an HTML page \(content-type text\/html; charset=utf-8\)/],
    ['a transfer cut short (Content-Length 5000, 1000 bytes, connection closed)', '/truncated', /truncated: connection broke after 1000 of 5000 bytes \(truncated transfer\)/],
    ['a checksum mismatch', `/mnist/${labelsFile}`, /SHA-256 mismatch: got [0-9a-f]{64}, expected 1{64} \(file discarded\)/],
  ])('%s is a clear DownloadError and leaves nothing in the cache directory', async (label, path, message) => {
    const dir = join(root, 'refused', label.replaceAll(/\W+/g, '-'));
    const error = await downloadFile(`${base}${path}`, join(dir, labelsFile), { sha256: '1'.repeat(64) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(message);
    // The directory may exist (it is created before the request), but holds no file, whole or partial.
    expect(existsSync(dir) ? await readdir(dir) : []).toEqual([]);
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
