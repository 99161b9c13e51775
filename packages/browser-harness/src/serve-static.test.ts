import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './serve-static.js';

describe('serveStatic', () => {
  let root: string;
  let server: StaticServer;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'serve-static-test-'));
    await writeFile(join(root, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(root, 'm.wasm'), new Uint8Array([0, 97, 115, 109]));
    server = await serveStatic(root, { memoryFiles: (path) => (path === '/data/x' ? new Uint8Array([1, 2, 3]) : undefined) });
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves files on 127.0.0.1 with cross-origin isolation and the wasm type', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(page.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(await page.text()).toContain('<title>t</title>');
    expect((await fetch(`${server.url}m.wasm`)).headers.get('content-type')).toBe('application/wasm');
  });

  it('serves bytes from memory by path, and refuses missing files and paths outside the root', async () => {
    expect(new Uint8Array(await (await fetch(`${server.url}data/x`)).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((await fetch(`${server.url}nope.html`)).status).toBe(404);
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).toBeGreaterThanOrEqual(400);
  });
});
