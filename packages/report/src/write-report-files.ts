import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@nnlab/core/node';
import type { ReportFile } from './report-file.js';

/**
 * Writes a report's files into `dir` (created if needed), each through a
 * temporary file and a rename so a reader never sees half a file, and
 * returns their paths in order.
 *
 * @example
 * const paths = await writeReportFiles('report', await trainingReportFiles(input));
 */
export async function writeReportFiles(dir: string, files: readonly ReportFile[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const file of files) {
    const path = join(dir, file.name);
    await writeFileAtomic(path, file.data);
    paths.push(path);
  }
  return paths;
}
