// Response body of GET /api/v1/alerts/stats for the OpenAPI document (server/routes/alert-stats.ts).
import { z } from 'zod';
import { Category, Severity } from '../../shared/index.js';

const Day = z.iso.date();

export const AlertStats = z.object({
  days: z.array(Day).describe('Every UTC day of the period, oldest first (today last).'),
  series: z.array(z.object({ day: Day, category: Category, severity: Severity, count: z.number().int().min(1) }))
    .describe('Alerts first seen on a day, by category and severity; combinations without alerts are left out.'),
});
