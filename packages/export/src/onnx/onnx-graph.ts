import { OnnxAttributeType, OnnxDataType } from './onnx-proto.js';

/** An attribute value: numbers are INT when integral and `float` is not set; arrays likewise. */
export type OnnxAttribute = { ints: readonly number[] } | { int: number } | { float: number } | { floats: readonly number[] } | { string: string };

/** One `onnx.NodeProto` as a plain object. */
interface NodeRecord {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: Array<Record<string, unknown>>;
}

/**
 * Collects the nodes and initialisers of one ONNX graph with unique tensor
 * names, as plain objects ready for {@link encodeOnnxModel}.
 */
export class OnnxGraphBuilder {
  readonly nodes: NodeRecord[] = [];
  readonly initializers: Array<Record<string, unknown>> = [];
  private readonly used = new Set<string>();

  /** A fresh tensor name starting with `base`. */
  name(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  /** Adds a float32 constant (little-endian `raw_data`, as ONNX requires) and returns its name. */
  float(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (values.length !== count) throw new Error(`internal error: initializer ${base} has ${values.length} values for dims [${dims.join(', ')}]`);
    const bytes = new Uint8Array(count * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < count; i++) view.setFloat32(i * 4, values[i] as number, true);
    const name = this.name(base);
    this.initializers.push({ name, dims: [...dims], dataType: OnnxDataType.FLOAT, rawData: bytes });
    return name;
  }

  /** Adds an int64 constant (shapes for `Reshape`) and returns its name. */
  int64(base: string, values: readonly number[]): string {
    const name = this.name(base);
    this.initializers.push({ name, dims: [values.length], dataType: OnnxDataType.INT64, int64Data: [...values] });
    return name;
  }

  /** Adds a node and returns the name of its (single) output. */
  node(opType: string, inputs: readonly string[], base: string, attributes: Readonly<Record<string, OnnxAttribute>> = {}): string {
    return this.nodeTo(opType, inputs, this.name(base), attributes);
  }

  /** Adds a node whose output is exactly `output` (a name reserved earlier with {@link name}). */
  nodeTo(opType: string, inputs: readonly string[], output: string, attributes: Readonly<Record<string, OnnxAttribute>> = {}): string {
    this.nodes.push({
      name: `${output}:${opType}`,
      opType,
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attributeRecord(name, value)),
    });
    return output;
  }
}

function attributeRecord(name: string, value: OnnxAttribute): Record<string, unknown> {
  if ('ints' in value) return { name, type: OnnxAttributeType.INTS, ints: [...value.ints] };
  if ('int' in value) return { name, type: OnnxAttributeType.INT, i: value.int };
  if ('floats' in value) return { name, type: OnnxAttributeType.FLOATS, floats: [...value.floats] };
  if ('float' in value) return { name, type: OnnxAttributeType.FLOAT, f: value.float };
  return { name, type: OnnxAttributeType.STRING, s: new TextEncoder().encode(value.string) };
}
