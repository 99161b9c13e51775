import { DataFormatError } from '@nnlab/core';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Checks the 128-byte header of a MATLAB level-5 MAT-file and returns whether
 * the file is little-endian. Files the level-5 reader cannot read get errors
 * that say what they are: v7.3 (HDF5), level 4, or not a MAT-file at all.
 */
export function readMatHeader(bytes: Uint8Array, source?: string): { littleEndian: boolean } {
  const text = String.fromCharCode(...bytes.subarray(0, Math.min(116, bytes.length)));
  if (isHdf5(bytes) || /^MATLAB 7\.3/.test(text)) {
    throw new DataFormatError('MATLAB v7.3 MAT-files are HDF5 and not supported: save with -v7 or earlier (save(file, vars, "-v7"))', source);
  }
  if (isLevel4(bytes) && !text.startsWith('MATLAB')) {
    throw new DataFormatError('this is a MATLAB level-4 (v4) MAT-file, which is not supported: save with -v6 or -v7', source);
  }
  if (bytes.length < 128 || !text.startsWith('MATLAB')) {
    throw new DataFormatError(
      bytes.length === 0 ? 'empty file (0 bytes), not a MAT-file' : 'not a MATLAB MAT-file (no "MATLAB 5.0 MAT-file" header)',
      source,
    );
  }
  const indicator = String.fromCharCode(bytes[126] as number, bytes[127] as number);
  if (indicator !== 'IM' && indicator !== 'MI') {
    throw new DataFormatError(`not a level-5 MAT-file: endian indicator is ${JSON.stringify(indicator)}, expected "IM" or "MI"`, source);
  }
  const littleEndian = indicator === 'IM';
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint16(124, littleEndian);
  if (version === 0x0200) {
    throw new DataFormatError('MATLAB v7.3 MAT-files are HDF5 and not supported: save with -v7 or earlier', source);
  }
  if (version !== 0x0100) {
    throw new DataFormatError(`unsupported MAT-file version 0x${version.toString(16).padStart(4, '0')}, expected 0x0100 (level 5)`, source);
  }
  return { littleEndian };
}

function isHdf5(bytes: Uint8Array): boolean {
  // The HDF5 superblock sits at 0, 512, 1024, ...; v7.3 files put it at 512.
  for (const at of [0, 512, 1024, 2048]) {
    if (bytes.length >= at + 8 && HDF5_SIGNATURE.every((b, i) => bytes[at + i] === b)) return true;
  }
  return false;
}

/** A level-4 file starts with a 20-byte header: MOPT type code, rows, columns, imagf, name length. */
function isLevel4(bytes: Uint8Array): boolean {
  if (bytes.length < 20) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [true, false].some((little) => {
    const [mopt, rows, cols, imagf, nameLength] = [0, 4, 8, 12, 16].map((at) => view.getInt32(at, little)) as [number, number, number, number, number];
    const m = Math.floor(mopt / 1000);
    const o = Math.floor(mopt / 100) % 10;
    const p = Math.floor(mopt / 10) % 10;
    const t = mopt % 10;
    return mopt >= 0 && m <= 4 && o === 0 && p <= 5 && t <= 2 && rows >= 0 && cols >= 0 && (imagf === 0 || imagf === 1) && nameLength >= 1 && nameLength < 64;
  });
}
