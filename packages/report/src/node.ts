/**
 * `@nnlab/report/node`: writes the reports of `@nnlab/report` into folders
 * (each file through a temporary file and a rename), records a training
 * run's report as a `fit` callback, and reads images or a dataset's test
 * split to classify. Needs Node's file system; the figures themselves
 * come from the main entry.
 *
 * @packageDocumentation
 */
export { epochCsvLog, type EpochCsvLogOptions } from './epoch-csv-log.js';
export { collectExamples, type CollectExamplesOptions, type Examples } from './collect-examples.js';
export { type DataSourceInspection, inspectDataSource, writeDatasetPreview } from './inspect-data-source.js';
export { createTrainReporting, type TrainReporting, type TrainReportingOptions, type TrainReportingOutput, type TrainReportingResult } from './train-reporting.js';
export { writeReportFiles } from './write-report-files.js';
export { writeSweepReport } from './write-sweep-report.js';
export { writeToAccuracyReport, type WrittenToAccuracyReport } from './write-to-accuracy-report.js';
export { writeTrainingReport } from './write-training-report.js';
