// What parsing and validating one benchmark report costs in-process, CPU microseconds per report:
// JSON.parse of the body, the shared Report schema (zod) on the parsed value, and what the
// collector's ingest does with a body (decodeReport: parse, compiled check, serialising again).
// Run directly, it prints the figures as one JSON line (bench:ingest runs it so, in a fresh process).
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Report } from '../../shared/index.js';
import { decodeReport } from '../../server/ingest/decode-report.js';
import { makeBenchReport } from './report-body.js';

export interface ValidationCost {
  jsonParseUs: number;
  reportSchemaUs: number;
  decodeUs: number;
}

export function measureValidationCost(bodies = 500, rounds = 8): ValidationCost {
  const agentIds = Array.from({ length: bodies }, () => randomUUID());
  const texts = agentIds.map((agentId, i) => JSON.stringify({ ...makeBenchReport(agentId, i), reportId: randomUUID() }));
  const values = texts.map((t) => JSON.parse(t) as unknown);
  const cpuPerItem = (work: (i: number) => unknown) => {
    const perRound: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = process.cpuUsage();
      for (let i = 0; i < bodies; i++) work(i);
      const used = process.cpuUsage(before);
      perRound.push((used.user + used.system) / bodies);
    }
    // The fastest round: the first ones include JIT warm-up, the others only interference.
    return Math.min(...perRound);
  };
  const jsonParseUs = cpuPerItem((i) => JSON.parse(texts[i]!));
  const reportSchemaUs = cpuPerItem((i) => {
    if (!Report.safeParse(values[i]).success) throw new Error('a benchmark report failed validation');
  });
  const decodeUs = cpuPerItem((i) => {
    if (!decodeReport(texts[i]!, agentIds[i]!).ok) throw new Error('a benchmark report failed to decode');
  });
  return { jsonParseUs, reportSchemaUs, decodeUs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) console.log(JSON.stringify(measureValidationCost()));
