#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in ../dist (built by `pnpm install` via the root prepare script).
import { runFromProcess } from '../dist/main.js';
runFromProcess();
