/**
 * How often each JavaScript loop that stands in for a wasm kernel has run in
 * this process, by name. A convolution network's step that silently takes
 * one costs 10x or more (cnn went from ~40 ms to over a second when the
 * convolution gradients did), so the tests assert the CNN layers' ops never do.
 */
export const javascriptPathRuns = new Map<string, number>();

/** Counts one run of the JavaScript path `name`. */
export function countJavascriptPath(name: string): void {
  javascriptPathRuns.set(name, (javascriptPathRuns.get(name) ?? 0) + 1);
}
