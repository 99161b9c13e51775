/** One file of a report, in memory: its name inside the report's folder and its contents. */
export interface ReportFile {
  /** A plain file name (`loss.svg`, `index.html`), no folders. */
  readonly name: string;
  readonly data: string | Uint8Array;
}
