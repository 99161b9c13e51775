/**
 * `@nnlab/bench`: benchmark workloads, the samples/s harness with peers
 * (PyTorch, jax-js, tfjs-layers) and time-to-accuracy recipes. The benches
 * that drive headless Chromium are in `@nnlab/bench/node`.
 *
 * @packageDocumentation
 */
export { formatBenchTable, ratioToBaseline, ratioToPeer } from './format-table.js';
export { fitVariant } from './fit-variant.js';
export { handwrittenVariant } from './handwritten-variant.js';
export { type BenchStep, createBenchStep, nnlabVariant } from './nnlab-variant.js';
export { type BenchOptions, type BenchProgress, type BenchReport, type BenchRow, describePeers, type PeerSetup, runBench } from './run-bench.js';
export { createJaxJsPeer, type JaxJsMode, type JaxJsPeerOptions, jaxJsEagerPeer, jaxJsPeer } from './jax-js-peer.js';
export type { Peer, PeerMeasureOptions, PeerRun } from './peer.js';
export { median } from './statistics.js';
export { randomBatch, type StepRunner, type StepVariant } from './step-runner.js';
export { tfjsLayersVariant } from './tfjs-layers-variant.js';
export { createTorchPeer, TORCH_PEER_SCRIPT, TORCH_SELF_CHECK_SCRIPT, torchPeer, type TorchPeerOptions } from './torch-peer.js';
export { type ChooseTorchBlasOptions, chooseTorchBlasEnvironment, OPENBLAS_OVERRIDES, openblasCoreTypesFor, type TorchBlasEnvironment, type TorchSelfCheck } from './torch-blas-environment.js';
export { knownPeers, selectPeers } from './select-peers.js';
export { selectWorkloads, type Workload, workloads } from './workloads.js';
export { type AccuracyContender, type AccuracyPoint, type AccuracyRun, AccuracyTracker, type AccuracyTrainOptions } from './accuracy-contender.js';
export { fitContender } from './fit-contender.js';
export { loadRecipeData, type RecipeData } from './recipe-data.js';
export { type Recipe, recipes, selectRecipes } from './recipes.js';
export { runToAccuracy, type ToAccuracyOptions, type ToAccuracyProgress, type ToAccuracyRecipe, type ToAccuracyReport, type ToAccuracyRow } from './run-to-accuracy.js';
export { jaxJsContender } from './jax-js-contender.js';
export { tfjsLayersContender } from './tfjs-layers-contender.js';
export { formatToAccuracyTable } from './format-to-accuracy-table.js';
export { type RemoteBackendCheck, remoteFitContender, type RemoteTrainer, softwareRenderer } from './remote-fit-contender.js';
export { RECIPE_DATA_PARTS, type RecipeDataLayout, type RecipeDataPart, recipeDataFromParts, recipeDataParts } from './recipe-data-transfer.js';
export { choosePeers, describePeerChoice, type PeerChoice, type PeerGroup } from './choose-peers.js';
export { BROWSER_RECIPE_BACKENDS, planSpeedBench, planToAccuracyBackends, type SpeedBenchPlanOptions, speedPeerGroups, toAccuracyPeerGroups } from './bench-plans.js';
export { describeAccuracyRunEnd, describeBenchRow } from './progress-text.js';
