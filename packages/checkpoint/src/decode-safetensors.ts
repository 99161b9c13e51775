import { DataFormatError } from '@nnlab/core';
import {
  elementCount,
  HOST_IS_LITTLE_ENDIAN,
  isSafetensorsDtype,
  SAFETENSORS_DTYPES,
  type SafetensorsContents,
  type SafetensorsDtype,
  type SafetensorsTensor,
  swapBytes,
} from './safetensors-dtype.js';

/** Largest JSON header {@link decodeSafetensors} accepts (the reference implementation's limit too). */
export const MAX_SAFETENSORS_HEADER_BYTES = 100_000_000;

const ENTRY_KEYS = ['data_offsets', 'dtype', 'shape'];

interface Entry {
  readonly name: string;
  readonly dtype: SafetensorsDtype;
  readonly shape: number[];
  readonly begin: number;
  readonly end: number;
}

/**
 * Decodes a safetensors file (see {@link encodeSafetensors}) and checks it
 * strictly before trusting any of it: the header length against the file
 * size and {@link MAX_SAFETENSORS_HEADER_BYTES} before anything is
 * allocated, the header as UTF-8 JSON object without duplicate names, every
 * dtype (F32, F64, I32, I64, U8, BOOL), shape and `data_offsets` pair, that
 * each shape's byte size equals its offsets, that tensors neither overlap
 * nor leave gaps and end exactly at the end of the file, BOOL bytes of 0 or
 * 1, and `__metadata__` of strings only. The data is copied, so `bytes` may
 * be reused afterwards.
 *
 * @param source file name used in error messages
 * @throws DataFormatError naming `source` and what was wrong.
 * @example
 * const { tensors, metadata } = decodeSafetensors(await readFile('model.safetensors'), 'model.safetensors');
 * tensors.get('0.weight')?.shape; // [300, 784]
 */
export function decodeSafetensors(bytes: Uint8Array, source?: string): SafetensorsContents {
  const fail = (message: string): never => {
    throw new DataFormatError(`not a valid safetensors file: ${message}`, source);
  };
  if (bytes.length < 8) fail(`it is ${bytes.length} bytes long, shorter than the 8-byte header length`);
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true);
  if (declared > BigInt(MAX_SAFETENSORS_HEADER_BYTES)) {
    fail(`header length ${declared} is over the ${MAX_SAFETENSORS_HEADER_BYTES}-byte limit`);
  }
  const headerLength = Number(declared);
  if (headerLength > bytes.length - 8) {
    fail(`header length ${headerLength} is more than the ${bytes.length - 8} bytes that follow it (truncated file?)`);
  }
  if (headerLength < 2) fail(`header length ${headerLength} is too small for a JSON object`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    fail(`the header is not valid JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('the header must be a JSON object of tensor names');
  }
  const duplicate = findDuplicate(topLevelKeys(text));
  if (duplicate !== undefined) fail(`the name "${duplicate}" appears twice in the header`);

  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') metadata = checkMetadata(value, fail);
    else entries.push(checkEntry(name, value, fail));
  }
  const dataStart = 8 + headerLength;
  checkLayout(entries, bytes.length - dataStart, fail);

  const tensors = new Map<string, SafetensorsTensor>();
  for (const entry of entries) {
    const info = SAFETENSORS_DTYPES[entry.dtype];
    // A fresh, aligned copy: typed arrays need aligned offsets, and the caller may reuse `bytes`
    // (new Uint8Array rather than slice(), which on a Node Buffer is a view into a shared pool).
    const copy = new Uint8Array(bytes.subarray(dataStart + entry.begin, dataStart + entry.end));
    if (!HOST_IS_LITTLE_ENDIAN) swapBytes(copy, info.bytes);
    if (entry.dtype === 'BOOL' && copy.some((b) => b > 1)) fail(`tensor "${entry.name}" is BOOL but holds bytes other than 0 and 1`);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data: info.create(copy.buffer) });
  }
  return { tensors, metadata };
}

function checkMetadata(value: unknown, fail: (message: string) => never): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('"__metadata__" must be an object of strings');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (typeof item !== 'string') fail(`"__metadata__" value "${key}" must be a string, got ${JSON.stringify(item)}`);
    Object.defineProperty(out, key, { value: item, enumerable: true });
  }
  return out;
}

function checkEntry(name: string, value: unknown, fail: (message: string) => never): Entry {
  const where = `tensor "${name}"`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object with dtype, shape and data_offsets`);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join() !== ENTRY_KEYS.join()) fail(`${where} has keys [${keys.join(', ')}], expected [${ENTRY_KEYS.join(', ')}]`);
  const { dtype, shape, data_offsets: offsets } = record;
  if (!isSafetensorsDtype(dtype)) {
    fail(`${where} has dtype ${JSON.stringify(dtype)}; nnlab reads ${Object.keys(SAFETENSORS_DTYPES).join(', ')}`);
  }
  const count = elementCount(shape);
  if (count === undefined) fail(`${where} has shape ${JSON.stringify(shape)}; expected a list of integers >= 0`);
  const [begin, end] = Array.isArray(offsets) ? offsets : [];
  const isOffset = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  if (!Array.isArray(offsets) || offsets.length !== 2 || !isOffset(begin) || !isOffset(end) || begin > end) {
    fail(`${where} has data_offsets ${JSON.stringify(offsets)}; expected [begin, end] with 0 <= begin <= end`);
  }
  const size = (count as number) * SAFETENSORS_DTYPES[dtype as SafetensorsDtype].bytes;
  if ((end as number) - (begin as number) !== size) {
    fail(
      `${where}: ${dtype as string} of shape [${(shape as number[]).join(', ')}] needs ${size} bytes, ` +
        `but data_offsets [${begin as number}, ${end as number}] span ${(end as number) - (begin as number)}`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: [...(shape as number[])], begin: begin as number, end: end as number };
}

/** Tensors must tile the data area exactly: no overlap, no gap, nothing past the end or after the last one. */
function checkLayout(entries: readonly Entry[], dataLength: number, fail: (message: string) => never): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: Entry | undefined;
  for (const entry of sorted) {
    if (entry.end > dataLength) {
      fail(`tensor "${entry.name}" ends at byte ${entry.end} of the data, but the file holds only ${dataLength} data bytes (truncated file?)`);
    }
    if (entry.begin < cursor) fail(`tensors "${previous?.name}" and "${entry.name}" overlap (data_offsets)`);
    if (entry.begin > cursor) fail(`${entry.begin - cursor} unused bytes before tensor "${entry.name}" (data_offsets leave a gap)`);
    cursor = entry.end;
    previous = entry;
  }
  if (cursor !== dataLength) fail(`${dataLength - cursor} bytes after the last tensor (expected the data to end at byte ${cursor})`);
}

function findDuplicate(keys: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return undefined;
}

/**
 * The member names of the top-level object of valid JSON `text`, repeats
 * included (JSON.parse silently keeps the last of two equal names).
 */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, j + 1)) as string);
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      depth += 1;
      expectKey = depth === 1;
    } else if (c === '}' || c === ']') {
      depth -= 1;
    } else if (c === ',' && depth === 1) {
      expectKey = true;
    }
  }
  return keys;
}
