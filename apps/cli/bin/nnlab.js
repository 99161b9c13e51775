#!/usr/bin/env node
// The installed `nnlab` command. A committed file (not dist/bin.js itself), so that pnpm links it into
// node_modules/.bin at install time, before the first build, and `pnpm nnlab` runs it with no script banner.
import '../dist/bin.js';
