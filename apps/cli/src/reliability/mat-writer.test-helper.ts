import { deflateSync } from 'node:zlib';

/** A double matrix for {@link encodeMat}: column-major values, MATLAB's order. */
export interface MatVariable {
  readonly name: string;
  readonly dims: readonly number[];
  readonly values: ArrayLike<number>;
}

const pad8 = (n: number): number => (n + 7) & ~7;

function element(type: number, payload: Uint8Array, pad = true): Uint8Array {
  const out = new Uint8Array(8 + (pad ? pad8(payload.length) : payload.length));
  const view = new DataView(out.buffer);
  view.setUint32(0, type, true);
  view.setUint32(4, payload.length, true);
  out.set(payload, 8);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** One miMATRIX element of class double (what scipy's savemat writes for float arrays). */
export function matMatrixElement(variable: MatVariable): Uint8Array {
  const flags = new Uint8Array(8);
  new DataView(flags.buffer).setUint32(0, 6, true); // mxDOUBLE_CLASS
  const dims = new Uint8Array(4 * variable.dims.length);
  variable.dims.forEach((d, i) => new DataView(dims.buffer).setInt32(4 * i, d, true));
  const values = new Float64Array(Array.from(variable.values));
  return element(14, concat([element(6, flags), element(5, dims), element(1, new TextEncoder().encode(variable.name)), element(9, new Uint8Array(values.buffer))]));
}

/**
 * A little-endian MATLAB level-5 file holding `variables` (doubles), each
 * element zlib-compressed (miCOMPRESSED) when `compress`. Test-only writer,
 * so the reliability catalogue can make valid files and then break them.
 */
export function encodeMat(variables: readonly MatVariable[], options: { compress?: boolean; endian?: 'IM' | 'MI' } = {}): Uint8Array {
  const header = new Uint8Array(128).fill(0x20);
  header.set(new TextEncoder().encode('MATLAB 5.0 MAT-file, written by the nnlab reliability catalogue'), 0);
  header.fill(0, 116, 124);
  header[124] = 0x00;
  header[125] = 0x01;
  header.set(new TextEncoder().encode(options.endian ?? 'IM'), 126);
  const elements = variables.map((v) => {
    const raw = matMatrixElement(v);
    return options.compress === true ? element(15, deflateSync(raw), false) : raw;
  });
  return concat([header, ...elements]);
}
