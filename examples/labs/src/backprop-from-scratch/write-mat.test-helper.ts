/**
 * A minimal MATLAB level-5 MAT-file writer for test fixtures: uncompressed
 * double matrices, values given row-major (`data[i * cols + j]` is `A(i+1, j+1)`),
 * written column-major as MATLAB stores them.
 */
export function encodeMat(variables: Record<string, { rows: number; cols: number; data: ArrayLike<number> }>): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by an nnlab test'));
  new DataView(header.buffer).setUint16(124, 0x0100, true);
  header.set([0x49, 0x4d], 126); // 'IM': little-endian
  parts.push(header);
  for (const [name, { rows, cols, data }] of Object.entries(variables)) {
    const element = (type: number, payload: Uint8Array): Uint8Array => {
      const padded = new Uint8Array(8 + Math.ceil(payload.length / 8) * 8);
      const view = new DataView(padded.buffer);
      view.setUint32(0, type, true);
      view.setUint32(4, payload.length, true);
      padded.set(payload, 8);
      return padded;
    };
    const flags = new Uint8Array(8);
    new DataView(flags.buffer).setUint32(0, 6, true); // mxDOUBLE_CLASS
    const dims = new Uint8Array(8);
    new DataView(dims.buffer).setInt32(0, rows, true);
    new DataView(dims.buffer).setInt32(4, cols, true);
    const values = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[j * rows + i] = data[i * cols + j] as number;
    const body = [element(6, flags), element(5, dims), element(1, new TextEncoder().encode(name)), element(9, new Uint8Array(values.buffer))];
    const size = body.reduce((n, b) => n + b.length, 0);
    const tag = new Uint8Array(8);
    new DataView(tag.buffer).setUint32(0, 14, true); // miMATRIX
    new DataView(tag.buffer).setUint32(4, size, true);
    parts.push(tag, ...body);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
