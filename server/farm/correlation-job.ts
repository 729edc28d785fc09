// The leader's periodic co-location job: expire evidence nobody refreshed and make sure each
// suspected cluster has its farm alert (server/farm/service.ts).
import type { Job } from '../jobs/runner.js';
import type { CorrelationService } from './service.js';

export function correlationJob(service: CorrelationService): Job {
  return { name: 'correlation', run: (now) => service.sweep(now.getTime()) };
}
