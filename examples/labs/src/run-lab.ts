#!/usr/bin/env node
import { labMain } from './lab-program.js';

process.exitCode = await labMain(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
