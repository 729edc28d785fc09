// Load generator for the ingest benchmark, run as its own process so its CPU is measured apart
// from the collector's. Posts reports over a bounded pool of keep-alive connections for a warm-up
// then a measured window, and prints one JSON line with its result (see LoadResult).
//   node --import tsx scripts/bench-ingest/load-generator.ts <job.json>
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { bodyTemplate, type BodyTemplate } from './report-body.js';
import { percentiles, type Percentiles } from './percentiles.js';

export interface LoadJob {
  url: string;
  agents: { agentId: string; agentToken: string }[];
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** Upper bound on measured requests, so a fast target cannot make the run unbounded. */
  maxRequests: number;
}

export interface LoadResult {
  requests: number;
  /** 202 answers in the measured window. */
  accepted: number;
  statuses: Record<string, number>;
  errors: number;
  elapsedMs: number;
  latencyMs: Percentiles;
  meanBodyBytes: number;
  cpuMs: number;
  /** Requests answered during the warm-up (not measured). */
  warmupRequests: number;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
const target = new URL('/api/v1/reports', job.url);
const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
const templates: BodyTemplate[] = job.agents.map((a, i) => bodyTemplate(a.agentId, i));
const authorizations = job.agents.map((a) => `Bearer ${a.agentToken}`);

function post(body: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(target, {
      method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

let next = 0;
let measuring = false;
let stopAt = Number.POSITIVE_INFINITY;
const samples = new Float64Array(job.maxRequests);
let measured = 0;
let warmupRequests = 0;
let bodyBytes = 0;
let errors = 0;
const statuses: Record<string, number> = {};

async function connectionLoop(): Promise<void> {
  while (performance.now() < stopAt && measured < job.maxRequests) {
    const index = next++ % templates.length;
    const { before, after } = templates[index]!;
    const body = before + randomUUID() + after;
    const inWindow = measuring;
    const started = performance.now();
    let status = 0;
    try {
      status = await post(body, authorizations[index]!);
    } catch {
      errors++;
    }
    if (!inWindow || !measuring) {
      warmupRequests++;
      continue;
    }
    if (measured >= job.maxRequests) break;
    samples[measured++] = performance.now() - started;
    bodyBytes += body.length;
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
}

async function main(): Promise<void> {
  const loops = Array.from({ length: job.connections }, connectionLoop);
  await new Promise((resolve) => setTimeout(resolve, job.warmupMs));
  // The parent samples the collector's CPU when it reads this line and again at the result.
  process.stdout.write('measuring\n');
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  measuring = true;
  stopAt = started + job.durationMs;
  await Promise.all(loops);
  const elapsedMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  const result: LoadResult = {
    requests: measured,
    accepted: statuses['202'] ?? 0,
    statuses,
    errors,
    elapsedMs,
    latencyMs: percentiles(samples.subarray(0, measured)),
    meanBodyBytes: measured ? bodyBytes / measured : 0,
    cpuMs: (cpu.user + cpu.system) / 1000,
    warmupRequests,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
