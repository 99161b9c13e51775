import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, InvalidArgumentError } from '@nnlab/core';
import type { SafetensorsTensor } from './safetensors-dtype.js';

/**
 * Reads a tfjs tensor's values into a safetensors entry: float32 as F32,
 * int32 as I32, bool as BOOL. Other dtypes (string, complex64) have no
 * safetensors form and are refused.
 *
 * @example
 * const entry = await toSafetensorsTensor('0.weight', tf.ones([2, 3]));
 */
export async function toSafetensorsTensor(name: string, tensor: tf.Tensor): Promise<SafetensorsTensor> {
  const shape = [...tensor.shape];
  switch (tensor.dtype) {
    case 'float32':
      return { dtype: 'F32', shape, data: Float32Array.from((await tensor.data()) as Float32Array) };
    case 'int32':
      return { dtype: 'I32', shape, data: Int32Array.from((await tensor.data()) as Int32Array) };
    case 'bool':
      return { dtype: 'BOOL', shape, data: Uint8Array.from((await tensor.data()) as Uint8Array) };
    default:
      throw new InvalidArgumentError(`tensor "${name}" has dtype ${tensor.dtype}, which a checkpoint cannot store (float32, int32 or bool)`);
  }
}

/**
 * Makes a tfjs tensor from a safetensors entry: F32 and F64 become float32
 * (F64 rounded, as PyTorch's `.float()`), I32, I64 and U8 int32 (I64 values
 * outside the int32 range are refused), BOOL bool. The caller owns it.
 *
 * @param source file name for error messages
 */
export function fromSafetensorsTensor(name: string, entry: SafetensorsTensor, source: string): tf.Tensor {
  const shape = [...entry.shape];
  switch (entry.dtype) {
    case 'F32':
      return tf.tensor(entry.data as Float32Array, shape, 'float32');
    case 'F64':
      return tf.tensor(Float32Array.from(entry.data as Float64Array), shape, 'float32');
    case 'I32':
      return tf.tensor(entry.data as Int32Array, shape, 'int32');
    case 'U8':
      return tf.tensor(Int32Array.from(entry.data as Uint8Array), shape, 'int32');
    case 'BOOL':
      return tf.tensor(entry.data as Uint8Array, shape, 'bool');
    case 'I64': {
      const values = entry.data as BigInt64Array;
      const out = new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const value = values[i] as bigint;
        if (value > 2147483647n || value < -2147483648n) {
          throw new CheckpointError(`${source}: tensor "${name}" holds the I64 value ${value}, outside the int32 range nnlab tensors have`);
        }
        out[i] = Number(value);
      }
      return tf.tensor(out, shape, 'int32');
    }
  }
}
