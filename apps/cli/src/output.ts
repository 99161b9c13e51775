/** Where commands write: stdout for results, stderr for progress and warnings. */
export interface Output {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Prints the machine-readable result: one JSON object, the last line of stdout. */
export function printJson(output: Output, value: unknown): void {
  output.stdout.write(`${JSON.stringify(value)}\n`);
}
