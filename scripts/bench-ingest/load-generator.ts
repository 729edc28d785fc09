// Load generator for the ingest benchmark, run as its own process so its CPU is measured apart
// from the collector's. Each of a bounded number of keep-alive TCP connections sends one report at
// a time, as an agent does (no pipelining), for a warm-up then a measured window, and the result
// is printed as one JSON line (LoadResult).
//
// HTTP/1.1 is spoken on raw sockets with every request's bytes prepared in advance: on this
// 2-core machine the generator shares the CPU with the collector, and Node's http client spent
// ~45 us of CPU per request, more than a third of what the collector may spend.
//   node --import tsx scripts/bench-ingest/load-generator.ts <job.json>
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { bodyTemplate } from './report-body.js';
import { percentiles, type Percentiles } from './percentiles.js';
import { readResponse } from './http-response.js';

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
  /** Of those, answered 202. */
  warmupAccepted: number;
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadJob;
const target = new URL('/api/v1/reports', job.url);

/** One agent's request, cut around its reportId, so a request is a fresh UUID between two prepared buffers. */
interface Prepared {
  head: Buffer;
  before: Buffer;
  after: Buffer;
}

const prepared: Prepared[] = job.agents.map((agent, i) => {
  const { before, after } = bodyTemplate(agent.agentId, i);
  const length = Buffer.byteLength(before) + 36 + Buffer.byteLength(after);
  const head = `POST ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\nContent-Type: application/json\r\n` +
    `Authorization: Bearer ${agent.agentToken}\r\nContent-Length: ${length}\r\nConnection: keep-alive\r\n\r\n`;
  return { head: Buffer.from(head), before: Buffer.from(before), after: Buffer.from(after) };
});

let next = 0;
let measuring = false;
let stopAt = Number.POSITIVE_INFINITY;
const samples = new Float64Array(job.maxRequests);
let measured = 0;
let warmupRequests = 0;
let warmupAccepted = 0;
let bodyBytes = 0;
let errors = 0;
const statuses: Record<string, number> = {};
const done = () => performance.now() >= stopAt || measured >= job.maxRequests;

/** Sends requests on one connection until the window ends; reconnects after errors or `Connection: close`. */
function connectionLoop(): Promise<void> {
  return new Promise((resolve) => {
    const open = () => {
      const socket = net.connect({ host: target.hostname, port: Number(target.port), noDelay: true });
      let received: Buffer = Buffer.alloc(0);
      let started = 0;
      let inWindow = false;
      let bytes = 0;
      const send = () => {
        if (done()) {
          socket.end();
          resolve();
          return;
        }
        const { head, before, after } = prepared[next++ % prepared.length]!;
        bytes = before.length + 36 + after.length;
        inWindow = measuring;
        started = performance.now();
        // One segment: the prepared pieces leave together (writev), nothing is copied.
        socket.cork();
        socket.write(head);
        socket.write(before);
        socket.write(randomUUID(), 'latin1');
        socket.write(after);
        socket.uncork();
      };
      const retry = () => {
        socket.destroy();
        if (done()) resolve();
        else setTimeout(open, 10);
      };
      socket.on('connect', send);
      socket.on('error', () => {
        errors++;
        retry();
      });
      socket.on('data', (chunk: Buffer) => {
        received = received.length ? Buffer.concat([received, chunk]) : chunk;
        const response = readResponse(received);
        if (!response) return;
        received = received.subarray(response.length);
        if (!inWindow || !measuring) {
          warmupRequests++;
          if (response.status === 202) warmupAccepted++;
        } else if (measured < job.maxRequests) {
          samples[measured++] = performance.now() - started;
          bodyBytes += bytes;
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
        }
        if (response.close) retry();
        else send();
      });
    };
    open();
  });
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
    warmupAccepted,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
