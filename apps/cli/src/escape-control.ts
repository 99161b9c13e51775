/**
 * Text read from files (checkpoint metadata, tensor and class names, paths)
 * made safe to print: C0 and C1 control characters, DEL and the Unicode line
 * and bidirectional-override characters become visible escapes (`\x1b`,
 * `\u202e`), so a file cannot move the cursor, recolour or retitle the
 * terminal, or hide text. Tabs and newlines are escaped too: one field stays
 * on one line.
 *
 * @example
 * escapeControl('run\x1b]0;pwned\x07'); // 'run\\x1b]0;pwned\\x07'
 */
export function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (char) => {
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
