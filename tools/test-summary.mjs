// Prints vitest's JSON report as one plain closing line ("N passed, N failed, N skipped"),
// the form CI log readers recognise in any language.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.cache/vitest-report.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exitCode = report.numFailedTests === 0 && report.success !== false ? 0 : 1;
