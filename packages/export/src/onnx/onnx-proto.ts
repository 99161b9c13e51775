import protobuf from 'protobufjs/light.js';
import { onnxSchema } from './onnx-schema.js';

/** ONNX `TensorProto.DataType` codes this package writes. */
export const OnnxDataType = { FLOAT: 1, INT64: 7 } as const;

/** ONNX `AttributeProto.AttributeType` codes this package writes. */
export const OnnxAttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

let modelType: protobuf.Type | undefined;

/** `onnx.ModelProto`, built once from the bundled schema (protobufjs' light build: no .proto parser ships). */
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(onnxSchema as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  return modelType;
}

/**
 * Encodes a plain object shaped like `onnx.ModelProto` (protobufjs' camelCase
 * field names: `irVersion`, `opsetImport`, `rawData`, ...) to protobuf bytes.
 * Throws when a field has the wrong type (protobufjs' `verify`).
 */
export function encodeOnnxModel(model: Record<string, unknown>): Uint8Array {
  const type = onnxModelType();
  const problem = type.verify(model);
  if (problem !== null) throw new Error(`internal error: the ONNX model does not match onnx.proto: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

/**
 * Decodes ONNX protobuf bytes into a plain object (int64 fields as numbers,
 * bytes as Uint8Array), e.g. to read back what `exportOnnx` wrote.
 */
export function decodeOnnxModel(bytes: Uint8Array): Record<string, unknown> {
  const type = onnxModelType();
  return type.toObject(type.decode(bytes), { longs: Number, defaults: false }) as Record<string, unknown>;
}
