import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** A running static file server; `close()` stops it. */
export interface StaticServer {
  /** Base URL with a trailing slash, e.g. `http://127.0.0.1:41234/`. */
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.bin': 'application/octet-stream',
};

/** Options of {@link serveStatic}. */
export interface ServeStaticOptions {
  /**
   * Bytes served from memory, looked up by URL path (`/recipe-data/1/train-images`) on every
   * request before `root` is searched: data a page needs that is not a file.
   */
  readonly memoryFiles?: (path: string) => Uint8Array | undefined;
}

/**
 * Serves the files under `root` on 127.0.0.1 at a free port, with the
 * cross-origin isolation headers (COOP/COEP) a page needs for
 * SharedArrayBuffer, and `application/wasm` for `.wasm` (streaming
 * compilation requires it). GET and HEAD only; paths cannot leave `root`.
 * `options.memoryFiles` adds bytes that are not files (served as octet-stream).
 *
 * @example
 * const server = await serveStatic('apps/demo/dist');
 * await page.goto(`${server.url}bench.html`);
 * await server.close();
 */
export async function serveStatic(root: string, options: ServeStaticOptions = {}): Promise<StaticServer> {
  const base = normalize(root + sep);
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cache-Control': 'no-store' };
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const memory = request.method === 'GET' || request.method === 'HEAD' ? options.memoryFiles?.(path) : undefined;
      if (memory !== undefined) {
        response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': memory.byteLength, ...isolation });
        if (request.method === 'HEAD') response.end();
        else response.end(memory);
        return;
      }
      const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
      const info = file.startsWith(base) ? await stat(file).catch(() => undefined) : undefined;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405).end();
        return;
      }
      if (info === undefined || !info.isFile()) {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
        return;
      }
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': info.size,
        ...isolation,
      });
      if (request.method === 'HEAD') response.end();
      else createReadStream(file).pipe(response);
    })().catch((error: unknown) => response.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
