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
    lastJson: () => {
      const lines = stdout.trim().split('\n');
      return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>;
    },
  };
}
