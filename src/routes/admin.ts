// The admin API under /__admin: the request journal, run-time catalog edits, next responses, reset and settings; off without an admin key.
import type { FastifyPluginCallback } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { acceptModel, ModelRejected, removeModel, upsertModel } from '../catalog/edit-catalog.js'
import type { Journal } from '../controls/journal.js'
import { MAX_QUEUED_ENTRIES, MAX_QUEUED_USES, NextRequestSchema, NextResponseError, type NextResponses, QueuedResponseSchema } from '../controls/next-responses.js'
import { KeyDirectory, OPEN_PERSONA } from '../controls/personas.js'
import type { RuntimeSettings } from '../controls/runtime-settings.js'
import { AUTH_MODES } from '../config.js'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'
import { DetailedError, StandardError } from '../schemas/error-bodies.js'
import { ModelResponse } from '../schemas/model-response.js'
import { authenticationFailed, bearerKeyOf } from '../hooks/bearer-auth.js'
import { sendJson } from '../errors/error-handling.js'
import { StringEnum, Type } from '../schemas/typebox.js'

/** Where the admin API lives (or would, with an admin key). */
export const ADMIN_PREFIX = '/__admin'

export interface AdminRoutesOptions {
  adminKey: string
  store: CatalogStore
  journal: Journal
  settings: RuntimeSettings
  /** The queue of next responses. */
  next: NextResponses
  /** Back to the fixtures: catalog, settings, journal, queue, rate-limit windows. */
  reset: () => void
  /** Whether browsers on other origins may call the admin API: only when CORS lists its origins, never for `*`. */
  cors: boolean
}

const JournalEntrySchema = Type.Object({
  id: Type.Integer(),
  timestamp: Type.String({ description: 'ISO 8601 instant the request arrived' }),
  method: Type.String(),
  path: Type.String(),
  query: Type.Object({}, { additionalProperties: true }),
  headers: Type.Object({}, { additionalProperties: true, description: 'Request headers; credentials are redacted' }),
  status: Type.Integer({ description: '0 when a fault left the request without an answer' }),
  durationMs: Type.Number()
}, { $id: 'JournalEntry' })

const Settings = Type.Object({
  auth: StringEnum(AUTH_MODES),
  controls: Type.Boolean({ description: 'Whether the Prefer header is honoured' }),
  latency: Type.Union([Type.String({ description: 'ms, e.g. "150" or "50-400"' }), Type.Null()]),
  errorRate: Type.Number({ minimum: 0, maximum: 1 }),
  rateLimit: Type.Union([Type.Integer({ minimum: 1, maximum: 999_999_999, description: 'requests per minute per key' }), Type.Null()]),
  abuseBlock: Type.Boolean()
}, { additionalProperties: false })

const ModelRejection = Type.Object({
  error: Type.String(),
  problems: Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))
}, { description: 'The model is not valid: every problem, as `check` reports them' })

const NextRejection = Type.Object({
  error: Type.String(),
  problems: Type.Array(Type.Object({ path: Type.String({ description: 'The field, e.g. respond.code' }), message: Type.String() }))
}, { description: 'The body is not a valid next response: every problem, each naming its field' })

/** The body is checked by the queue itself, the same check `mock.next` runs, so that every problem names its field. */
const CHECKED_BY_THE_QUEUE = () => () => true

const security = () => [{ AdminBearer: [] }]
const tags = () => ['Admin']
const unauthorized = () => ({ 401: Type.Ref(StandardError, { description: 'Missing or wrong admin key' }) })
/** A 400 from parameter validation (zod details) or from the route's own checks. */
const badRequest = () => Type.Union([Type.Ref(DetailedError), Type.Ref(StandardError)])

export const adminRoutes: FastifyPluginCallback<AdminRoutesOptions> = (plugin, options, done) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>()
  const admin = new KeyDirectory(new Map([[options.adminKey, OPEN_PERSONA]]))
  app.addSchema(JournalEntrySchema)
  app.addSchema(QueuedResponseSchema)

  if (!options.cors) {
    // Any web page the developer opens could otherwise try admin keys and change the catalog: no CORS headers here,
    // and a preflight of its own that fails (401, or 404 with the key), so a browser never sends the request itself.
    app.addHook('onRoute', route => { route.config = { ...route.config, cors: false } as typeof route.config })
  }
  // With CORS allowed here, @fastify/cors answers a preflight in its hook before this handler runs.
  app.options('/*', { schema: { hide: true } }, (_request, reply) => reply.callNotFound())

  app.addHook('onRequest', (request, _reply, next) => {
    const key = bearerKeyOf(request)
    next(key !== null && admin.lookup(key) !== undefined ? undefined : authenticationFailed())
  })

  app.get('/requests', {
    schema: {
      operationId: 'listJournal',
      summary: 'The request journal, newest first',
      tags: tags(),
      security: security(),
      querystring: Type.Object({
        path: Type.Optional(Type.String({ description: 'Exact path, or a prefix ending in *' })),
        status: Type.Optional(Type.String({ pattern: '^\\d{1,3}$', description: 'Only answers with this status (0: faults that sent none)' })),
        since: Type.Optional(Type.String({ description: 'ISO 8601 instant or epoch ms; entries at or after it' })),
        limit: Type.Optional(Type.String({ pattern: '^[1-9]\\d{0,5}$', description: 'At most this many entries (default 100)' }))
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ object: StringEnum(['list'] as const), data: Type.Array(Type.Ref(JournalEntrySchema)) }), 400: badRequest(), ...unauthorized() }
    }
  }, async (request) => {
    const { path, status, since, limit } = request.query
    const sinceValue = since === undefined ? undefined : /^\d+$/.test(since) ? Number(since) : since
    if (typeof sinceValue === 'string' && Number.isNaN(Date.parse(sinceValue))) throw new ApiError(400, `since must be an ISO 8601 instant or epoch milliseconds, found ${JSON.stringify(String(since).slice(0, 100))}`)
    const filter = { path, status: status === undefined ? undefined : Number(status), since: sinceValue, limit: limit === undefined ? undefined : Number(limit) }
    return { object: 'list' as const, data: options.journal.list(filter) }
  })

  app.delete('/requests', {
    schema: { operationId: 'clearJournal', summary: 'Empty the journal', tags: tags(), security: security(), response: { 200: Type.Object({ deleted: Type.Integer() }), ...unauthorized() } }
  }, async () => ({ deleted: options.journal.clear() }))

  app.post('/models', {
    schema: {
      operationId: 'putModel',
      summary: 'Add a model, or replace the one with its id',
      description: 'Validated like a fixture model; `object` and `owned_by` may be left out. Served at once, until a reset.',
      tags: tags(),
      security: security(),
      body: Type.Unknown({ description: 'A ModelResponse' }),
      response: { 200: Type.Ref(ModelResponse), 201: Type.Ref(ModelResponse), 400: Type.Union([ModelRejection, Type.Ref(StandardError)]), ...unauthorized() }
    }
  }, async (request, reply) => {
    try {
      const model = acceptModel(request.body)
      const { catalog, created } = upsertModel(options.store.current, model)
      options.store.replace(catalog)
      // Swapped at once, so concurrent edits never lose one another; answered once the encodings are ready too.
      await catalog.compress()
      // Sent as stored: the response schema would add the defaults the model leaves out (offline: false).
      return sendJson(reply, created ? 201 : 200, model)
    } catch (error) {
      /* c8 ignore next: acceptModel and upsertModel throw only ModelRejected */
      if (!(error instanceof ModelRejected)) throw error
      return sendJson(reply, 400, { error: 'Invalid model', problems: error.issues })
    }
  })

  app.delete('/models/*', {
    schema: {
      operationId: 'deleteModel',
      summary: 'Remove a model (traits and mappings that name it go too)',
      tags: tags(),
      security: security(),
      params: Type.Object({ '*': Type.String() }),
      response: { 204: Type.Null(), 404: Type.Ref(StandardError), ...unauthorized() }
    }
  }, async (request, reply) => {
    const next = removeModel(options.store.current, request.params['*'])
    if (next === undefined) throw new ApiError(404, API_ERROR_MESSAGES.modelNotFound)
    options.store.replace(next)
    await next.compress()
    return await reply.code(204).send(null)
  })

  app.post('/next', {
    schema: {
      operationId: 'queueNextResponse',
      summary: 'Queue a response for the next matching API requests',
      description: '`respond` takes what the Prefer header takes; the next `times` API requests that match get it, in the order entries were queued. ' +
        'A request with a Prefer header is answered by it and leaves the queue alone; a wrong key still gets 401; a queued answer is not counted by the rate limiter. ' +
        `At most ${MAX_QUEUED_ENTRIES} entries and ${MAX_QUEUED_USES} uses in all wait at once (409 beyond).`,
      tags: tags(),
      security: security(),
      body: NextRequestSchema,
      response: { 201: Type.Ref(QueuedResponseSchema), 400: Type.Union([NextRejection, Type.Ref(StandardError)]), 409: Type.Ref(StandardError, { description: 'The queue is full' }), ...unauthorized() }
    },
    validatorCompiler: CHECKED_BY_THE_QUEUE
  }, async (request, reply) => {
    try {
      return sendJson(reply, 201, options.next.add(request.body))
    } catch (error) {
      if (error instanceof NextResponseError) return sendJson(reply, 400, { error: 'Invalid next response', problems: error.problems })
      // add throws only NextResponseError and QueueFullError.
      throw new ApiError(409, (error as Error).message)
    }
  })

  app.get('/next', {
    schema: {
      operationId: 'listNextResponses',
      summary: 'The queued responses still pending, in the order they will be used',
      tags: tags(),
      security: security(),
      response: { 200: Type.Object({ object: StringEnum(['list'] as const), data: Type.Array(Type.Ref(QueuedResponseSchema)) }), ...unauthorized() }
    }
  }, async () => ({ object: 'list' as const, data: options.next.list() }))

  app.delete('/next', {
    schema: { operationId: 'clearNextResponses', summary: 'Empty the queue of next responses', tags: tags(), security: security(), response: { 200: Type.Object({ deleted: Type.Integer() }), ...unauthorized() } }
  }, async () => ({ deleted: options.next.clear() }))

  app.post('/reset', {
    schema: {
      operationId: 'reset',
      summary: 'Back to the fixtures: catalog, settings and rate limits; the journal and the queue of next responses are emptied',
      tags: tags(),
      security: security(),
      response: { 200: Type.Object({ models: Type.Integer() }), ...unauthorized() }
    }
  }, async () => {
    options.reset()
    return { models: options.store.current.size }
  })

  app.get('/settings', {
    schema: { operationId: 'getSettings', summary: 'The behaviour settings in force', tags: tags(), security: security(), response: { 200: Settings, ...unauthorized() } }
  }, async () => options.settings.view())

  app.patch('/settings', {
    schema: {
      operationId: 'changeSettings',
      summary: 'Change behaviour settings at run time (until a reset)',
      tags: tags(),
      security: security(),
      body: Type.Partial(Settings),
      response: { 200: Settings, 400: badRequest(), ...unauthorized() }
    }
  }, async (request) => {
    try {
      options.settings.apply(request.body)
    } catch (error) {
      throw new ApiError(400, `Invalid latency: ${(error as Error).message}`)
    }
    return options.settings.view()
  })
  done()
}
