#!/usr/bin/env node
import { runCommandLine } from '../dist/launch.js';

process.exitCode = (await runCommandLine({ argv: process.argv.slice(2) })).code;
