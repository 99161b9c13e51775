/** Where commands write: stdout for results, stderr for progress and warnings. */
export interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  /**
   * With `--json`: where the one JSON document goes (the real stdout), while
   * `stdout` then points at stderr so human lines never mix into it.
   */
  readonly json?: { write(text: string): unknown };
}

/**
 * Prints the machine-readable result: one JSON object on one line. With
 * `--json` (see {@link jsonModeOutput}) it is the only thing on stdout.
 */
export function printJson(output: Output, value: unknown): void {
  (output.json ?? output.stdout).write(`${JSON.stringify(value)}\n`);
}

/** An {@link Output} for `--json` runs, and whether its JSON document has been written. */
export interface JsonModeOutput extends Output {
  readonly json: { write(text: string): unknown };
  /** True once the command printed its document (an error after that cannot add a second one). */
  readonly jsonWritten: () => boolean;
}

/**
 * The output of a `--json` run: human lines (what commands write to
 * `stdout`) go to stderr with the progress and warnings, and stdout carries
 * exactly one JSON document, written by {@link printJson} (or, on failure,
 * by `main`: `{"error": {...}}`).
 */
export function jsonModeOutput(output: Output): JsonModeOutput {
  let written = false;
  return {
    stdout: output.stderr,
    stderr: output.stderr,
    json: {
      write: (text: string) => {
        if (written) return; // one document only; a command never prints two
        written = true;
        output.stdout.write(text);
      },
    },
    jsonWritten: () => written,
  };
}
