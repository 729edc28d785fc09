// Imported first by the CLI: keeps V8's young generation at its initial 1 MB semi-space instead
// of letting it grow to 8 MB while the modules initialise. A scan is short and allocates little
// that survives, so the extra scavenges cost no measurable CPU, and peak RSS drops by ~12 MB
// (measured by `npm run bench:agent`). The flag is read by V8 at each growth decision, so
// setting it at run time takes effect; `--max-semi-space-size` would only work on the command line.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--semi-space-growth-factor=1');
