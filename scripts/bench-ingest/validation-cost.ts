// What parsing and validating one benchmark report costs in-process: JSON.parse of the body and
// the shared Report schema (zod) on the parsed value, CPU microseconds per report.
import { randomUUID } from 'node:crypto';
import { Report } from '../../shared/index.js';
import { makeBenchReport } from './report-body.js';

export interface ValidationCost {
  jsonParseUs: number;
  reportSchemaUs: number;
}

export function measureValidationCost(bodies = 500, rounds = 5): ValidationCost {
  const texts = Array.from({ length: bodies }, (_, i) => JSON.stringify(makeBenchReport(randomUUID(), i)));
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
  return { jsonParseUs, reportSchemaUs };
}
