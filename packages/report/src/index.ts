/**
 * `@nnlab/report`: the figures of a training run, a sweep or a
 * time-to-accuracy benchmark (learning curves, confusion matrix, prediction
 * grid, first-layer weights, sweep charts) as Vega-Lite specs, SVG, PNG
 * bytes and an HTML page, all in memory, so this entry runs in browsers as
 * well as Node. `@nnlab/report/node` writes reports to folders.
 *
 * @packageDocumentation
 */
export { type ClassAccuracy, type ConfusionMatrix, confusionMatrix, confusionMatrixSpec, predictAll } from './confusion-matrix.js';
export { datasetPreview, type DatasetPreviewOptions } from './dataset-preview.js';
export { formatSplitSummary } from './format-split-summary.js';
export { type EpochRow, epochsCsv, withTestScores } from './epochs-csv.js';
export { drawText, fitText, textSize } from './draw-text.js';
export { type FirstLayerFigure, firstLayerFigure } from './first-layer-figure.js';
export { base64, encodePng, type RgbaImage, tileImages, type TileImagesOptions } from './image-grid.js';
export { type ChartOptions, learningCurveSpec } from './learning-curve-spec.js';
export { type LabelledImages, predictionFigure } from './prediction-figure.js';
export { renderSvg } from './render-svg.js';
export type { ReportFile } from './report-file.js';
export { type ReportFigure, reportIndexHtml, type ReportTable } from './report-index-html.js';
export { type IdxSummary, type SplitSummary, summarizeIdx, summarizeSplit, type ValueStats, valueStats } from './split-summary.js';
export { sweepCurvesSpec, sweepMetricSpec } from './sweep-metric-spec.js';
export { sweepChartFile, sweepReportFiles, type SweepReportOptions } from './sweep-report-files.js';
export { terminalLossPlot } from './terminal-loss-plot.js';
export { type SvgRasterizer, toAccuracyReportFiles, type ToAccuracyReportFiles, type ToAccuracyReportOptions } from './to-accuracy-report-files.js';
export { medianSeedRun, toAccuracySpec } from './to-accuracy-spec.js';
export { type CurvePoint, type CurveRecorder, curvesFromHistory, recordTrainingCurves } from './training-curves.js';
export { type TrainingReportInput, trainingReportFiles } from './training-report-files.js';
