// The collector's error catalogue: every failure leaves as `{ error: { code, message, details? } }`
// with a code from the shared API_ERRORS list.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_ERRORS, fieldIssues, type ApiErrorBody, type ApiErrorCode, type FieldIssue } from '../shared/index.js';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string = API_ERRORS[code].message,
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.statusCode = API_ERRORS[code].status;
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** Parses untrusted input with a shared schema; a mismatch becomes a 400 naming the failing fields. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError('VALIDATION_FAILED', undefined, fieldIssues(result.error));
  return result.data;
}

/** Fastify's own errors, by code, in the catalogue's terms. */
const FASTIFY_CODES: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
};

/** Any other client error fastify or a plugin raises, by status. */
const STATUS_CODES: Partial<Record<number, ApiErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return new ApiError('VALIDATION_FAILED', undefined, fieldIssues(error));
  const fastifyError = error as Partial<FastifyError>;
  const byCode = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (byCode) return new ApiError(byCode);
  const byStatus = fastifyError.statusCode ? STATUS_CODES[fastifyError.statusCode] : undefined;
  return byStatus ? new ApiError(byStatus) : undefined;
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const apiError = toApiError(error);
  if (!apiError) {
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(new ApiError('INTERNAL').toBody());
  }
  request.log.info({ code: apiError.code, cause: apiError === error ? undefined : (error as Error).message }, 'request refused');
  if (apiError.code === 'UNAUTHENTICATED') reply.header('www-authenticate', 'Bearer realm="farmwatch"');
  return reply.code(apiError.statusCode).send(apiError.toBody());
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(404).send(new ApiError('NOT_FOUND').toBody());
}
