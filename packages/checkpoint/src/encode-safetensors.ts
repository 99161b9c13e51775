import { InvalidArgumentError } from '@nnlab/core';
import {
  elementCount,
  HOST_IS_LITTLE_ENDIAN,
  isSafetensorsDtype,
  SAFETENSORS_DTYPES,
  type SafetensorsTensor,
  swapBytes,
} from './safetensors-dtype.js';

/**
 * Encodes tensors in the safetensors format (Hugging Face's, read by
 * PyTorch's `safetensors.torch.load_file`): an 8-byte little-endian header
 * length, a JSON header naming each tensor's `dtype`, `shape` and
 * `data_offsets` (plus an optional `__metadata__` of strings), then the raw
 * little-endian data, tensors packed back to back in the order given. The
 * header is padded with spaces so the data starts 8-byte aligned.
 *
 * @throws InvalidArgumentError for a duplicate or reserved name, an unknown
 *   dtype, data of the wrong typed array or length, or non-string metadata.
 * @example
 * const bytes = encodeSafetensors([['weight', { dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) }]], { format: 'pt' });
 */
export function encodeSafetensors(
  tensors: Iterable<readonly [string, SafetensorsTensor]>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  const meta = Object.entries(metadata);
  for (const [key, value] of meta) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`safetensors metadata "${key}" must be a string, got ${typeof value}`);
    }
  }
  if (meta.length > 0) header.__metadata__ = Object.fromEntries(meta);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const names = new Set<string>();
  for (const [name, tensor] of tensors) {
    if (typeof name !== 'string' || name === '' || name === '__metadata__' || names.has(name)) {
      throw new InvalidArgumentError(`safetensors tensor name ${JSON.stringify(name)} is empty, reserved or repeated`);
    }
    names.add(name);
    const chunk = tensorBytes(name, tensor);
    Object.defineProperty(header, name, {
      value: { dtype: tensor.dtype, shape: [...tensor.shape], data_offsets: [offset, offset + chunk.length] },
      enumerable: true,
    });
    chunks.push(chunk);
    offset += chunk.length;
  }
  let json = JSON.stringify(header);
  const headerBytes = new TextEncoder().encode(json);
  const padding = (8 - ((8 + headerBytes.length) % 8)) % 8;
  json += ' '.repeat(padding);
  const out = new Uint8Array(8 + headerBytes.length + padding + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length + padding), true);
  out.set(new TextEncoder().encode(json), 8);
  let cursor = 8 + headerBytes.length + padding;
  for (const chunk of chunks) {
    out.set(chunk, cursor);
    cursor += chunk.length;
  }
  return out;
}

function tensorBytes(name: string, tensor: SafetensorsTensor): Uint8Array {
  if (!isSafetensorsDtype(tensor?.dtype)) {
    throw new InvalidArgumentError(`safetensors tensor "${name}": unknown dtype ${JSON.stringify(tensor?.dtype)}`);
  }
  const info = SAFETENSORS_DTYPES[tensor.dtype];
  const count = elementCount(tensor.shape);
  if (count === undefined) {
    throw new InvalidArgumentError(`safetensors tensor "${name}": shape must be a list of integers >= 0, got ${JSON.stringify(tensor.shape)}`);
  }
  if (!info.matches(tensor.data) || tensor.data.length !== count) {
    throw new InvalidArgumentError(
      `safetensors tensor "${name}": ${tensor.dtype} [${tensor.shape.join(', ')}] needs ${count} elements in a ` +
        `${info.create(new ArrayBuffer(0)).constructor.name}, got ${tensor.data?.constructor?.name} of length ${tensor.data?.length}`,
    );
  }
  const bytes = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  if (HOST_IS_LITTLE_ENDIAN) return bytes;
  const copy = new Uint8Array(bytes);
  swapBytes(copy, info.bytes);
  return copy;
}
