import type { Output } from './output.js';

/** Captures what a command writes, for tests. */
export function captureOutput(): Output & { out: () => string; err: () => string; lastJson: () => Record<string, unknown> } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    out: () => stdout,
    err: () => stderr,
    // The whole of stdout must be one JSON document (what --json promises), not just its last line.
    lastJson: () => JSON.parse(stdout) as Record<string, unknown>,
  };
}
