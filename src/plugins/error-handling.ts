// The single error path: one error handler and one not-found handler, both answering in the live API's error shapes.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'
import { formatZodIssues, zodIssuesFor, type ZodIssueBody } from '../errors/zod-issues.js'

/** Friendly messages for the request errors Fastify raises itself, keyed by its error code. */
const FRAMEWORK_MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported Content-Type; this endpoint accepts application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'Request body is too large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Body cannot be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Request body is not valid JSON',
  FST_ERR_BAD_URL: 'Malformed URL: it contains an invalid percent-encoding'
}

type ParamSchema = Parameters<typeof zodIssuesFor>[0]
interface ObjectSchema { properties: Record<string, ParamSchema>, required?: string[] }

/** Zod issues for every invalid request parameter, judged against the route's own schema. */
function validationIssues (request: FastifyRequest, context: string | undefined): ZodIssueBody[] {
  // Fastify only raises validation errors for a part of the request that has a schema.
  const schema = (request.routeOptions.schema as Record<string, ObjectSchema>)[context as string]
  const input = (context === 'params' ? request.params : request.query) as Record<string, unknown>
  const issues: ZodIssueBody[] = []
  for (const [name, propertySchema] of Object.entries(schema.properties)) {
    const value = Object.hasOwn(input, name) ? input[name] : undefined
    if (value !== undefined || schema.required?.includes(name) === true) issues.push(...zodIssuesFor(propertySchema, value, [name]))
  }
  return issues
}

function sendError (reply: FastifyReply, statusCode: number, message: string): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send({ error: message })
}

export function handleError (error: FastifyError | ApiError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof ApiError) {
    return sendError(reply.headers(error.headers), error.statusCode, error.message)
  }
  if (error.validation !== undefined) {
    const issues = validationIssues(request, error.validationContext)
    return reply.code(400).type('application/json; charset=utf-8').send({
      error: API_ERROR_MESSAGES.badRequest,
      details: formatZodIssues(issues),
      issues
    })
  }
  const statusCode = error.statusCode ?? 500
  if (statusCode >= 500 || statusCode < 400) {
    request.log.error({ err: error }, 'request failed')
    return sendError(reply, 500, API_ERROR_MESSAGES.internal)
  }
  return sendError(reply, statusCode, FRAMEWORK_MESSAGES[error.code] ?? error.message)
}

function notFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0]
  const shown = path.length > 200 ? `${path.slice(0, 200)}...` : path
  return sendError(reply, 404, `Not found: ${request.method} ${shown} is not a route of this API`)
}

export function registerErrorHandling (app: FastifyInstance): void {
  app.setErrorHandler(handleError)
  app.setNotFoundHandler(notFound)
}
