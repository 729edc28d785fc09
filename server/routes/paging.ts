// limit/offset query parameters shared by the list endpoints.
import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

const whole = (min: number, max: number) =>
  z.string().regex(/^\d+$/, 'expected a whole number').transform(Number)
    .pipe(z.number().int().min(min).max(max, `at most ${max}`));

export const PageParams = {
  limit: whole(1, MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  offset: whole(0, Number.MAX_SAFE_INTEGER).default(0),
};
