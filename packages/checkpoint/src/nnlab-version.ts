/**
 * This package's version, recorded in every checkpoint's `checkpoint.json`.
 * A constant rather than a read of package.json so that checkpoints encode in
 * browsers too; nnlab-version.test.ts fails when it and package.json differ
 * (after `changeset version`, copy the new version here).
 */
export const NNLAB_VERSION = '0.1.0';
