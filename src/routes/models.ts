// The Venice models endpoints under /api/v1: list, traits, compatibility mapping and one model by id.
import type { FastifyPluginCallback, FastifyReply, FastifyRequest, onRequestHookHandler, RouteHandlerMethod } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { CatalogStore } from '../catalog/catalog-store.js'
import type { PersonaViews } from '../catalog/persona-views.js'
import type { AuthMode } from '../config.js'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'
import { BoundedCache, ifNoneMatchHolds, negotiateEncoding, type ContentCoding, type Representation } from '../http/representation.js'
import { DetailedError, StandardError } from '../schemas/error-bodies.js'
import { ModelResponse } from '../schemas/model-response.js'
import { ListFilterSchema, MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import { StringEnum, Type } from '../schemas/typebox.js'

export const ModelTraitSchema = Type.Object({}, {
  $id: 'ModelTraitSchema',
  additionalProperties: Type.String(),
  description: 'Trait name → model id',
  examples: [{ default: 'zai-org-glm-5-2', fastest: 'kimi-k2-6' }]
})

export const ModelCompatibilitySchema = Type.Object({}, {
  $id: 'ModelCompatibilitySchema',
  additionalProperties: Type.String(),
  description: 'Compatible (e.g. OpenAI) model name → Venice model id',
  examples: [{ 'gpt-4o': 'zai-org-glm-5-2' }]
})

const ListObject = StringEnum(['list'] as const)

const ModelList = Type.Object({
  object: ListObject,
  type: ListFilterSchema,
  data: Type.Array(Type.Ref(ModelResponse), { description: 'List of available models' })
}, { description: 'Models of the requested type, in catalog order' })

const ConcreteTypeQuery = Type.Object({
  type: Type.Optional(StringEnum(MODEL_TYPES, { default: 'text', description: 'Filter models by type.', examples: ['text'] }))
})

const nameMapEnvelope = (data: typeof ModelTraitSchema) => Type.Object({
  object: ListObject,
  type: ListFilterSchema,
  data: Type.Ref(data)
})

const ModelIdParams = Type.Object({
  '*': Type.String({ description: 'Model ID; may contain slashes (raw or percent-encoded)', examples: ['elevenlabs/scribe-v2'] })
})

/** A revalidation whose If-None-Match names the current ETag: no body. */
const notModified = () => Type.Null({ description: 'Not modified: If-None-Match names the current ETag (sent only after authentication succeeds)' })

/** The error statuses every API route can answer, test controls included (new objects each time, so the YAML has no anchors). */
const commonErrors = () => ({
  400: Type.Union([Type.Ref(DetailedError), Type.Ref(StandardError)], { description: 'Invalid request parameters (zod details), or a Prefer header the emulator does not understand' }),
  401: Type.Ref(StandardError, { description: 'Authentication failed: a malformed or unknown key, or no key where one is required (also: Pro subscription inactive)' }),
  402: Type.Ref(StandardError, { description: 'Insufficient balance (only when forced with Prefer: code=402)' }),
  403: Type.Ref(StandardError, { description: 'API access disabled for this key, or forced' }),
  415: Type.Ref(StandardError, { description: 'Invalid content type (only when forced)' }),
  429: Type.Ref(StandardError, { description: 'Rate limit exceeded, or too many failed attempts' }),
  500: Type.Ref(StandardError, { description: 'An unknown error occurred' }),
  503: Type.Ref(StandardError, { description: 'The model is temporarily offline (only when forced)' }),
  504: Type.Ref(StandardError, { description: 'Timed out (only when forced)' })
})

function securityFor (auth: AuthMode): Array<Record<string, string[]>> {
  if (auth === 'off') return []
  if (auth === 'optional') return [{}, { BearerAuth: [] }]
  return [{ BearerAuth: [] }]
}

/** Vary values with Accept-Encoding added, so that a request reuses a string instead of making one. */
const withAcceptEncoding = new BoundedCache<string>(16)

/** Adds to a Vary header another hook (CORS) may have started. */
function varyOnEncoding (reply: FastifyReply): void {
  const current = reply.getHeader('vary')
  if (current === undefined) {
    reply.header('vary', 'Accept-Encoding')
    return
  }
  let value = withAcceptEncoding.get(String(current))
  if (value === undefined) {
    value = `${String(current)}, Accept-Encoding`
    withAcceptEncoding.set(String(current), value)
  }
  reply.header('vary', value)
}

/**
 * Sends a body prepared at load: 304 when the client already holds it (this runs after authentication, so a 304
 * never tells an unauthenticated caller anything), otherwise the encoding the client prefers among those prepared.
 */
function sendRepresentation (request: FastifyRequest, reply: FastifyReply, representation: Representation): FastifyReply {
  varyOnEncoding(reply)
  const encoding = negotiateEncoding(request.headers['accept-encoding'])
  const encoded = encoding === 'identity' ? undefined : representation.encoded[encoding]
  const coding: ContentCoding | 'identity' = encoded === undefined ? 'identity' : encoding
  const bytes = encoded ?? representation.body
  const ifNoneMatch = request.headers['if-none-match']
  if (ifNoneMatch !== undefined && ifNoneMatchHolds(ifNoneMatch, representation.etags[coding])) {
    // HEAD keeps the bytes so that Fastify announces their length, as the 200 would (it would say 0 otherwise).
    return reply.code(304).headers(representation.notModifiedHeaders(coding)).send(request.method === 'HEAD' ? bytes : undefined)
  }
  return reply.headers(representation.okHeaders(coding)).send(bytes)
}

export interface ModelsRoutesOptions {
  store: CatalogStore
  auth: AuthMode
  /** Which bodies each caller gets: beta visibility and reseller discounts. */
  views: PersonaViews
}

/** Runs before the body is read, so a refused method never waits for, parses or buffers a body. */
const refuseMethod: onRequestHookHandler = function (request, _reply, done) {
  done(new ApiError(405, `Method ${request.method} is not allowed here; use GET or HEAD`, { allow: 'GET, HEAD' }))
}

/* c8 ignore next: never reached, refuseMethod answers first */
const unreachable: RouteHandlerMethod = () => undefined

export const modelsRoutes: FastifyPluginCallback<ModelsRoutesOptions> = (plugin, { store, auth, views }, done) => {
  const app = plugin.withTypeProvider<TypeBoxTypeProvider>()
  // Fresh arrays per route: shared ones would come out as YAML anchors and aliases in openapi.yaml.
  const security = () => securityFor(auth)
  const tags = () => ['Models']

  app.get('/models', {
    schema: {
      operationId: 'listModels',
      summary: 'List models',
      description: 'Returns the models of one type (default `text`), of every type (`all`), or the text models optimized for code (`code`).',
      tags: tags(),
      security: security(),
      querystring: Type.Object({ type: Type.Optional(ListFilterSchema) }),
      response: { 200: ModelList, 304: notModified(), ...commonErrors() }
    }
  }, (request, reply) => {
    // The schema has already rejected anything but a known filter.
    const lists = views.lists(store.current, request.caller.persona)
    sendRepresentation(request, reply, lists.get(request.query.type ?? 'text') as Representation)
  })

  app.get('/models/traits', {
    schema: {
      operationId: 'listModelTraits',
      summary: 'List model traits',
      description: 'Returns trait names (such as `default` or `fastest`) and the model each one selects.',
      tags: tags(),
      security: security(),
      querystring: ConcreteTypeQuery,
      response: { 200: nameMapEnvelope(ModelTraitSchema), 304: notModified(), ...commonErrors() }
    }
  }, (request, reply) => {
    // ajv has filled in the schema's default (text), so the type is always there.
    sendRepresentation(request, reply, store.current.traitsBodies.get(request.query.type as ModelType) as Representation)
  })

  app.get('/models/compatibility_mapping', {
    schema: {
      operationId: 'listModelCompatibilityMapping',
      summary: 'List model compatibility mappings',
      description: 'Returns model names of other providers (such as `gpt-4o`) and the Venice model each one maps to.',
      tags: tags(),
      security: security(),
      querystring: ConcreteTypeQuery,
      response: { 200: nameMapEnvelope(ModelCompatibilitySchema), 304: notModified(), ...commonErrors() }
    }
  }, (request, reply) => {
    // ajv has filled in the schema's default (text), so the type is always there.
    sendRepresentation(request, reply, store.current.compatibilityMappingBodies.get(request.query.type as ModelType) as Representation)
  })

  app.get('/models/*', {
    schema: {
      operationId: 'retrieveModel',
      summary: 'Retrieve one model',
      description: 'Returns one model by id, as OpenAI-compatible clients call `models.retrieve`. Ids may contain slashes.',
      tags: tags(),
      security: security(),
      params: ModelIdParams,
      response: { 200: Type.Ref(ModelResponse), 304: notModified(), 404: Type.Ref(StandardError, { description: 'Specified model not found' }), ...commonErrors() }
    }
  }, (request, reply) => {
    const body = views.models(store.current, request.caller.persona).get(request.params['*'])
    if (body === undefined) throw new ApiError(404, API_ERROR_MESSAGES.modelNotFound)
    sendRepresentation(request, reply, body)
  })

  for (const url of ['/models', '/models/traits', '/models/compatibility_mapping', '/models/*']) {
    app.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true, response: { 405: Type.Ref(StandardError), ...commonErrors() } },
      onRequest: refuseMethod,
      handler: unreachable
    })
  }
  done()
}
