/** What {@link sniffImage} found in a file's first bytes. */
export interface ImageHeader {
  readonly format: 'png' | 'jpeg';
  /** From the PNG `IHDR` chunk or the JPEG start-of-frame marker. */
  readonly width: number;
  readonly height: number;
  /** PNG only: bits per sample (1, 2, 4, 8 or 16). */
  readonly bitDepth?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Identifies a PNG or JPEG from its magic bytes (never from the file name) and
 * reads its dimensions from the header without decoding any pixels, so that
 * oversized images can be refused before they are decompressed. Returns
 * `undefined` for anything else, and for a PNG or JPEG whose header is cut
 * short or has no dimensions.
 *
 * @example
 * sniffImage(await readFile('a.png')); // { format: 'png', width: 28, height: 28, bitDepth: 8 }
 */
export function sniffImage(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return pngHeader(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegHeader(bytes);
  return undefined;
}

/** True when the bytes start like a PNG or JPEG, even if the header is damaged. */
export function looksLikeImage(bytes: Uint8Array): boolean {
  return (bytes.length >= 4 && PNG_SIGNATURE.slice(0, 4).every((b, i) => bytes[i] === b)) || (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8);
}

function pngHeader(bytes: Uint8Array): ImageHeader | undefined {
  // Signature, then the IHDR chunk: length (4), "IHDR", width (4), height (4), bit depth (1).
  if (bytes.length < 25) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20), bitDepth: bytes[24] as number };
}

function jpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    // SOF0..SOF15 except DHT (c4), JPG (c8) and DAC (cc) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 > bytes.length) return undefined;
      const height = ((bytes[at + 5] as number) << 8) | (bytes[at + 6] as number);
      const width = ((bytes[at + 7] as number) << 8) | (bytes[at + 8] as number);
      return { format: 'jpeg', width, height };
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan data or end before any frame
    at += 2 + length;
  }
  return undefined;
}
