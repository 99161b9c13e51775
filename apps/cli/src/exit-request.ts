/**
 * Thrown by a command that has already told the user everything and only
 * needs `main` to return `exitCode` (130 after Ctrl-C, 143 after SIGTERM,
 * 3 after a diverged run), without the `nnlab: error:` line other errors
 * get. With `--json`, `code` and `message` become the printed error object.
 */
export class ExitRequest extends Error {
  readonly exitCode: number;
  /** Stable code for `--json` error objects, e.g. `E_INTERRUPTED`. */
  readonly code: string;
  constructor(exitCode: number, reason: string, code = 'E_EXIT') {
    super(reason);
    this.name = 'ExitRequest';
    this.exitCode = exitCode;
    this.code = code;
  }
}
