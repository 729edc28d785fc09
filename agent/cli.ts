#!/usr/bin/env node
// farmwatch-agent entry: process-wide settings, then the commands (commands.ts). The commands are
// loaded with import() because a module's static imports are all compiled and run before its own
// code: only this way do the settings below apply to every module of the agent.
import './runtime/small-heap.js';
import { enableCompileCache } from './runtime/compile-cache.js';

enableCompileCache();
// zod's settings before shared/, whose modules build schemas (and parse the default policy) as they load.
import('./runtime/zod-settings.js')
  .then(() => import('./commands.js'))
  .catch((error: unknown) => {
    process.stderr.write(`error: the agent failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
