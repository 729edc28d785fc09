// The wire error contract: every non-2xx answer from the collector has this body, and every
// code the collector can answer with is listed here once.
import { z } from 'zod';

export const API_ERRORS = {
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  VALIDATION_FAILED: { status: 400, message: 'The request does not match the schema; see details for the failing fields.' },
  UNAUTHENTICATED: { status: 401, message: 'Missing or invalid bearer token.' },
  ENROLL_SECRET_INVALID: { status: 401, message: 'The enrol secret is not valid.' },
  FORBIDDEN: { status: 403, message: 'This token may not do that.' },
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  CONFLICT: { status: 409, message: 'The resource changed or already exists.' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is over the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send application/json.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; retry later.' },
  INTERNAL: { status: 500, message: 'Internal error; the collector logged the details.' },
  UNAVAILABLE: { status: 503, message: 'The collector is overloaded or starting; retry later.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;
export const ApiErrorCode = z.enum(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]);

export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;

export const ApiErrorBody = z.object({
  error: z.object({
    code: ApiErrorCode,
    message: z.string(),
    details: z.array(FieldIssue).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

/** Turns zod issues into `{ path: "findings.0.severity", message }` entries for a 400 answer. */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.slice(0, 50).map((issue) => ({
    path: issue.path.length ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
}
