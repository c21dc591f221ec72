#!/usr/bin/env -S node --no-node-snapshot
// The `flowdesk` command. Runs the compiled CLI (npm install builds it through the prepare script).
import { main } from '../dist/runtime/cli/main.js';

process.exitCode = await main(process.argv);
