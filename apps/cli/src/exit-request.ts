/**
 * Thrown by a command that has already told the user everything and only
 * needs `main` to return `exitCode` (130 after Ctrl-C, 143 after SIGTERM),
 * without the `nnlab: error:` line other errors get.
 */
export class ExitRequest extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, reason: string) {
    super(reason);
    this.name = 'ExitRequest';
    this.exitCode = exitCode;
  }
}
