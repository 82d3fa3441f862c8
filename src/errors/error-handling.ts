// The single error path: the error, not-found and client-error handlers, all answering in the live API's error shapes.
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { API_ERROR_MESSAGES, ApiError } from './api-error.js'
import { zodValidation, type ParamSchema, type ZodValidationBody } from './zod-issues.js'
import { JSON_CONTENT_TYPE } from '../http/content-types.js'
import type { RateLimitHeaders } from '../hooks/rate-limit-headers.js'
import { bearerKeyOf } from '../hooks/bearer-auth.js'
import { SecretScrubber } from '../http/secret-scrubber.js'

/** Friendly messages for the request errors Fastify raises itself, keyed by its error code. */
const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Invalid content type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body cannot be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_BAD_URL: 'Malformed URL: it contains an invalid percent-encoding'
}

const INPUTS: Readonly<Record<string, (request: FastifyRequest) => unknown>> = {
  params: request => request.params,
  body: request => request.body,
  querystring: request => request.query
}

/** zod's issues for the invalid part of the input, judged against the route's own schema for that part. */
async function validationBody (request: FastifyRequest, context: string | undefined): Promise<ZodValidationBody> {
  // Fastify only raises validation errors for a part of the request that has a schema.
  const schema = (request.routeOptions.schema as Record<string, ParamSchema>)[context as string]
  return await zodValidation(schema, INPUTS[context as string](request))
}

/**
 * Error bodies are serialized here rather than by the route's response schema: the same status can carry another
 * shape on some routes (a 400 from the body parser on a route whose own 400 lists problems), and an error must
 * never fail to serialize. Bodies sent this way also keep their keys exactly as given (no schema defaults added).
 */
export function sendJson (reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  return reply.code(statusCode).type(JSON_CONTENT_TYPE).send(JSON.stringify(body))
}

/**
 * An error body. Messages quote what the client sent (a path, a Prefer value, a query value); the caller's own key
 * pasted there is not sent back. Only that key: taking out a configured key would confirm that a guess was one.
 * Strings are scrubbed one by one, so the JSON around them stays valid whatever the key contains.
 */
function sendErrorBody (reply: FastifyReply, statusCode: number, body: unknown): FastifyReply {
  const callerKey = bearerKeyOf(reply.request)
  const text = callerKey === null
    ? JSON.stringify(body)
    : JSON.stringify(body, (_name, value: unknown) => typeof value === 'string' ? SecretScrubber.scrubCallerKey(value, callerKey) : value)
  return reply.code(statusCode).type(JSON_CONTENT_TYPE).send(text)
}

function sendError (reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return sendErrorBody(reply, statusCode, { error: message })
}

/** Synchronous but for a 400, whose body waits for zod on its first use: a 401 or 429 pays for no promise. */
export function handleError (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply | Promise<FastifyReply> {
  if (error instanceof ApiError) {
    reply.headers(error.headers)
    return sendErrorBody(reply, error.statusCode, error.body ?? { error: error.message })
  }
  if (error.validation !== undefined) {
    // Every key keeps the order zod writes it in.
    return validationBody(request, error.validationContext).then(({ details, issues }) =>
      sendErrorBody(reply, 400, { error: API_ERROR_MESSAGES.badRequest, details, issues }))
  }
  const statusCode = error.statusCode ?? 500
  if (statusCode >= 500 || statusCode < 400) {
    request.log.error({ err: error }, 'request failed')
    return sendError(reply, 500, API_ERROR_MESSAGES.internal)
  }
  return sendError(reply, statusCode, FRAMEWORK_MESSAGES[error.code] ?? error.message)
}

export function notFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0]
  const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path
  return sendError(reply, 404, `Not found: ${request.method} ${shown} is not a route of this API`)
}

/** Statuses and messages for requests Node's HTTP parser refuses before Fastify sees them. */
function clientErrorFor (code: string | undefined): [number, string] {
  if (code === 'HPE_HEADER_OVERFLOW') return [431, 'Request header fields are too large']
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return [408, 'Request timed out before it was complete']
  return [400, 'Malformed HTTP request']
}

export function createClientErrorHandler (rateLimitHeaders: () => RateLimitHeaders) {
  return function handleClientError (error: NodeJS.ErrnoException, socket: Socket): void {
    // A reset connection has nobody left to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const [status, message] = clientErrorFor(error.code)
    const body = JSON.stringify({ error: message })
    const headers = Object.entries({ ...rateLimitHeaders(), 'content-type': JSON_CONTENT_TYPE, 'content-length': String(Buffer.byteLength(body)), connection: 'close' })
      .map(([name, value]) => `${name}: ${value}\r\n`).join('')
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${headers}\r\n${body}`)
  }
}

export function registerErrorHandling (app: FastifyInstance): void {
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(notFound)
}
