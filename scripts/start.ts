#!/usr/bin/env node
// `npm start`: a complete FarmWatch on this machine. Starts the collector with embedded SQLite
// under ./data, enrols this machine's agent against it, runs one scan and delivery, prints the
// URL and admin token, and keeps the collector running until Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const buildDir = dirname(fileURLToPath(import.meta.url));
const dataDir = resolve(process.env.FARMWATCH_DATA_DIR ?? 'data');
const agentStateDir = join(dataDir, 'agent');
mkdirSync(agentStateDir, { recursive: true, mode: 0o700 });

// The enrol secret is the organisation's to distribute to its MDM; for this one-machine setup
// it is generated once and kept beside the database so restarts re-use it.
function enrollSecret(): string {
  if (process.env.FARMWATCH_ENROLL_SECRET) return process.env.FARMWATCH_ENROLL_SECRET;
  const file = join(dataDir, 'enroll-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

const secret = enrollSecret();
// The collector logs JSON (for log shippers); here it goes to a file so the summary stays legible.
const logFile = join(dataDir, 'collector.log');
const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
const server = spawn(process.execPath, [join(buildDir, 'farmwatch-server.mjs'), 'start'], {
  env: { ...process.env, FARMWATCH_DATA_DIR: dataDir, FARMWATCH_ENROLL_SECRET: secret },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stderr!.pipe(log);

let adminToken: string | undefined;
const url = await new Promise<string>((resolveUrl, reject) => {
  server.once('exit', (code) => reject(new Error(`the collector exited with code ${code} before listening`)));
  createInterface({ input: server.stdout! }).on('line', (line) => {
    const token = /Admin token \(shown once\): (\S+)/.exec(line);
    if (token) adminToken = token[1];
    const listening = /listening on (http\S+)/.exec(line);
    if (listening) resolveUrl(listening[1]!);
    if (line.startsWith('{')) log.write(line + '\n');
    else process.stdout.write(line + '\n');
  });
}).catch((error: Error) => {
  console.error(`error: ${error.message} (see ${logFile})`);
  process.exit(1);
});

function agent(...args: string[]): number {
  const result = spawnSync(process.execPath, [join(buildDir, 'farmwatch-agent.mjs'), '--state-dir', agentStateDir, '--log-level', 'warn', ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

if (!existsSync(join(agentStateDir, 'credential.json'))) {
  if (agent('enroll', '--server', url, '--secret', secret) !== 0) console.error('warning: this machine\'s agent could not enrol');
}
const delivered = agent('run', '--once') === 0;

console.log(`
FarmWatch is running.
  Collector API:  ${url}/api/v1   (health: ${url}/healthz)
  Web console:    ${url}/   (user admin; its password is printed once at the first start, above; more users: npm run server -- user add NAME --role analyst)
  Admin token:    ${adminToken ?? 'printed at the first start; mint a new one with `npm run server -- admin-token --rotate`'}
  Enrol secret:   ${join(dataDir, 'enroll-secret')}
  Collector log:  ${logFile}
  This machine:   agent state in ${agentStateDir}; first report ${delivered ? 'delivered' : 'NOT delivered (queued; see above)'}
  Try:            curl -H "Authorization: Bearer <admin token>" ${url}/api/v1/alerts
Press Ctrl-C to stop.`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill('SIGTERM'));
server.on('exit', (code) => process.exit(code ?? 0));
