import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DownloadError, InvalidArgumentError, assertInteger } from '@nnlab/core';

/** Options of {@link downloadFile}. */
export interface DownloadOptions {
  /** Expected SHA-256 of the file (hex). A mismatch is a {@link DownloadError} and nothing is kept. */
  readonly sha256?: string;
  /** Expected size in bytes; checked like `sha256`. */
  readonly expectedSize?: number;
  /** The fetch implementation (default: Node's built-in `fetch`). */
  readonly fetch?: typeof globalThis.fetch;
  /** Download again even when `destination` already exists. Default false. */
  readonly force?: boolean;
  /** Aborts the request (e.g. `AbortSignal.timeout(60_000)`). */
  readonly signal?: AbortSignal;
}

/** What {@link downloadFile} did. */
export interface DownloadResult {
  readonly path: string;
  readonly bytes: number;
  /** SHA-256 of the file on disk (hex). */
  readonly sha256: string;
  /** True when an existing file was reused and nothing was fetched. */
  readonly cached: boolean;
}

/**
 * Downloads `url` to `destination`, following redirects within its origin. The body is streamed
 * into a temporary file next to the destination and renamed into place only
 * after the status, content type, size and checksum are all right, so the
 * cache never holds a half-written or wrong file. An existing destination is
 * reused when it passes the same checks (or when no checksum is given).
 *
 * Errors ({@link DownloadError}): network failure, non-2xx status, a
 * redirect to another origin (host, port or scheme), an HTML body
 * (`content-type: text/html` or a body starting `<html`/`<!DOCTYPE html`,
 * usually an error or login page), a transfer cut short, wrong size, wrong
 * checksum. None of them leaves a file behind.
 *
 * @example
 * await downloadFile('https://example.org/t10k-labels-idx1-ubyte.gz', '/tmp/t10k-labels-idx1-ubyte.gz', {
 *   sha256: 'f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6',
 * });
 */
export async function downloadFile(url: string, destination: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const { sha256, expectedSize, force = false, signal } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) {
    throw new InvalidArgumentError(`url must be an http(s) URL, got ${JSON.stringify(url)}`);
  }
  if (sha256 !== undefined && !/^[0-9a-f]{64}$/i.test(sha256)) {
    throw new InvalidArgumentError(`sha256 must be 64 hex digits, got ${JSON.stringify(sha256)}`);
  }
  if (expectedSize !== undefined) assertInteger('expectedSize', expectedSize, 0);
  if (typeof fetchImpl !== 'function') {
    throw new InvalidArgumentError('no fetch implementation: pass options.fetch or use Node >= 20');
  }

  if (!force) {
    const existing = await checkExisting(destination, sha256, expectedSize);
    if (existing !== undefined) return existing;
  }

  await mkdir(dirname(destination), { recursive: true });
  const temp = `${destination}.${process.pid}.${randomBytes(6).toString('hex')}.part`;
  try {
    const { bytes, digest } = await fetchToFile(fetchImpl, url, temp, signal);
    if (expectedSize !== undefined && bytes !== expectedSize) {
      throw new DownloadError(`${url}: got ${bytes} bytes, expected ${expectedSize}`);
    }
    if (sha256 !== undefined && digest !== sha256.toLowerCase()) {
      throw new DownloadError(`${url}: SHA-256 mismatch: got ${digest}, expected ${sha256.toLowerCase()} (file discarded)`);
    }
    await rename(temp, destination);
    return { path: destination, bytes, sha256: digest, cached: false };
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function fetchToFile(
  fetchImpl: typeof globalThis.fetch,
  url: string,
  temp: string,
  signal: AbortSignal | undefined,
): Promise<{ bytes: number; digest: string }> {
  const response = await fetchSameOrigin(fetchImpl, url, signal);
  if (!response.ok) {
    await response.body?.cancel();
    throw new DownloadError(`${url}: HTTP ${response.status} ${response.statusText}`.trimEnd());
  }
  const contentType = response.headers.get('content-type') ?? '';
  if (/^\s*text\/html/i.test(contentType)) {
    await response.body?.cancel();
    throw new DownloadError(`${url}: server sent an HTML page (content-type ${contentType}), not the file; check the URL or mirror`);
  }
  if (response.body === null) throw new DownloadError(`${url}: response has no body`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  const hash = createHash('sha256');
  const handle = await open(temp, 'wx');
  let bytes = 0;
  try {
    const reader = response.body.getReader();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        const of = Number.isFinite(declared) ? ` of ${declared}` : '';
        throw new DownloadError(`${url}: connection broke after ${bytes}${of} bytes (truncated transfer): ${(error as Error).message}`, { cause: error });
      }
      if (chunk.done) break;
      // Servers that send error pages as application/octet-stream: an HTML start is never a dataset file.
      if (bytes === 0 && looksLikeHtml(chunk.value)) {
        await reader.cancel();
        throw new DownloadError(`${url}: server sent an HTML page (content-type ${contentType || 'none'}), not the file; check the URL or mirror`);
      }
      hash.update(chunk.value);
      bytes += chunk.value.byteLength;
      await handle.write(chunk.value);
    }
  } finally {
    await handle.close();
  }
  return { bytes, digest: hash.digest('hex') };
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

/**
 * Fetches `url`, following redirects only within its origin (scheme, host
 * and port): a redirect to another host, or from https to http, is an error
 * rather than a silent change of who supplies the file.
 */
async function fetchSameOrigin(fetchImpl: typeof globalThis.fetch, url: string, signal: AbortSignal | undefined): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let response: Response;
    try {
      response = await fetchImpl(current, { redirect: 'manual', ...(signal === undefined ? {} : { signal }) });
    } catch (error) {
      throw new DownloadError(`${url}: request failed: ${(error as Error).message}`, { cause: error });
    }
    if (!REDIRECTS.has(response.status)) return response;
    await response.body?.cancel();
    const location = response.headers.get('location');
    if (location === null) throw new DownloadError(`${url}: HTTP ${response.status} redirect without a location`);
    const next = new URL(location, current);
    if (next.origin !== origin) {
      throw new DownloadError(`${url}: redirected to another host (${next.href}); refused: download from ${next.origin} directly if you trust it`);
    }
    if (redirects === MAX_REDIRECTS) throw new DownloadError(`${url}: more than ${MAX_REDIRECTS} redirects`);
    current = next.href;
  }
}

/** True when `bytes` start (after whitespace) like an HTML document. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).trimStart().toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

async function checkExisting(
  path: string,
  sha256: string | undefined,
  expectedSize: number | undefined,
): Promise<DownloadResult | undefined> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    size = info.size;
  } catch {
    return undefined;
  }
  if (expectedSize !== undefined && size !== expectedSize) return undefined;
  const digest = await sha256File(path);
  if (sha256 !== undefined && digest !== sha256.toLowerCase()) return undefined;
  return { path, bytes: size, sha256: digest, cached: true };
}

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
