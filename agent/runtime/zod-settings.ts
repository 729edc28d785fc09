// zod compiles a parser with new Function for each object schema on its first parse: worth it for
// the collector, which parses reports all day, not for an agent process that parses a few
// documents and exits (`npm run bench:agent`: about 3 ms less per scan and 5 MB less peak RSS).
// Same results either way; cli.ts loads this before any schema exists.
import { config } from 'zod';

config({ jitless: true });
