// The composition root: loads the catalog, makes the logger and the controls, sets Fastify's options and registers the
// request pipeline; never listens.
import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from 'fastify'
import type { Server } from 'node:http'
import type { DestinationStream } from 'pino'
import type { Catalog } from './catalog/catalog.js'
import { CatalogStore } from './catalog/catalog-store.js'
import { logCatalogNotes } from './catalog/fixture-problems.js'
import { loadCatalog } from './catalog/load-catalog.js'
import { discountProblems, unseenDiscounts } from './catalog/persona-views.js'
import { ConfigError, type Config } from './config.js'
import { Journal } from './controls/journal.js'
import { createControls, type MockControls } from './controls/mock-controls.js'
import { OPEN_PERSONA, type Persona } from './controls/personas.js'
import { RuntimeSettings } from './controls/runtime-settings.js'
import { createClientErrorHandler, handleError, registerErrorHandling } from './errors/error-handling.js'
import { createRateLimitHeaders } from './hooks/rate-limit-headers.js'
import { trackConnections } from './http/idle-connections.js'
import { lazySerializerFactory } from './http/lazy-serializer.js'
import { SecretScrubber } from './http/secret-scrubber.js'
import { createLogger, lazyChildLogger, RequestLogController } from './logger.js'
import { swaggerOptions } from './openapi.js'
import apiPipeline from './plugins/api-pipeline.js'
import catalogWatch from './plugins/catalog-watch.js'
import { ModelCompatibilitySchema, ModelTraitSchema } from './routes/models.js'
import { DetailedError, StandardError, ZodIssue } from './schemas/error-bodies.js'
import { ModelResponse } from './schemas/model-response.js'

/** Request bodies are never needed by the models API; this bounds what a client can make the server buffer. */
export const BODY_LIMIT_BYTES = 1024 * 1024
/** A client gets this long to send a whole request (headers and body); slower ones get a 408. */
export const REQUEST_TIMEOUT_MS = 30_000

export interface BuildOptions {
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream
  /** A catalog already loaded, instead of loading `config.fixturesDir`. */
  catalog?: Catalog
  /** Keep a journal even without an admin key (in-process use reads it directly). */
  journal?: boolean
  /** Instead of REQUEST_TIMEOUT_MS, for tests of slow clients. */
  requestTimeoutMs?: number
}

/** How often Node looks for requests that outlived the request timeout. */
const CONNECTIONS_CHECK_MS = 1000

/** Every key the configuration names: API keys, persona keys and the admin key. */
function secretsOf (config: Config): string[] {
  return [...(config.apiKeys ?? []), ...(config.personas?.keys() ?? []), ...(config.adminKey === null ? [] : [config.adminKey])]
}

/** The personas loadConfig merged, or plain active keys for a configuration built by hand from `apiKeys`. */
function personasOf (config: Config): ReadonlyMap<string, Persona> | null {
  if (config.personas !== null || config.apiKeys === null) return config.personas
  return new Map(config.apiKeys.map(key => [key, OPEN_PERSONA]))
}

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const catalog = options.catalog ?? await loadCatalog(config.fixturesDir, { strict: config.strict })
  const personas = personasOf(config)
  // A discount on a model the catalog lacks is a typo or a stale keys file: refused at start, unlike after a reload.
  const unknownDiscounts = discountProblems(catalog, personas?.values() ?? [])
  if (unknownDiscounts.length > 0) throw new ConfigError(`Invalid VENICE_MOCK_KEYS_FILE: ${unknownDiscounts.join('; ')}`)
  const store = new CatalogStore(catalog)
  const rateLimitHeaders = createRateLimitHeaders()
  const scrubber = new SecretScrubber(secretsOf(config))
  const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  // 0 would mean no timeout to Fastify but a busy loop to Node's connection checker.
  if (!(requestTimeout > 0)) throw new RangeError(`requestTimeoutMs must be a positive number of milliseconds, got ${String(requestTimeout)}`)
  const fastifyOptions: FastifyHttpOptions<Server> = {
    loggerInstance: await createLogger(config, options.logStream, scrubber),
    logController: new RequestLogController(),
    childLoggerFactory: lazyChildLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout,
    // Node checks the timeout only this often (30 s by default), so a slow client would get up to twice its time.
    http: { connectionsCheckingInterval: Math.min(CONNECTIONS_CHECK_MS, requestTimeout) },
    // A request that reaches a closing server on a kept-alive connection is answered normally (Fastify's own 503 has
    // another body shape); the connection is ended right after it, so it cannot hold the shutdown.
    return503OnClosing: false,
    // Input is taken as sent: coercion would turn a rate limit of 0 into null, and unknown keys are reported, not dropped.
    // validateSchema: the route schemas are checked against the meta-schema by the test suite (ajv strict), not at every
    // start, where compiling the meta-schema alone cost 45-65 ms.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, validateSchema: false } },
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Errors found before routing (a malformed URL) skip the onRequest hooks, so they get the headers here.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply.headers(rateLimitHeaders())),
    clientErrorHandler: createClientErrorHandler(rateLimitHeaders)
  }
  const app = Fastify(fastifyOptions)
  // Compression runs on libuv's threads and is not waited for, so start-up does not pay for it: until it ends (about
  // 0.1 s for the built-in catalog) answers go out unencoded, which every client accepts. startMock waits for it.
  catalog.compress().catch(
    /* c8 ignore next: zlib does not fail on a Buffer in memory */
    (error: unknown) => app.log.error({ err: error }, 'compressing the catalog failed; answers stay unencoded'))
  // Headers get no longer than the whole request (Node's own default would be 60 s).
  app.server.headersTimeout = requestTimeout

  const journal = options.journal === true || config.adminKey !== null ? new Journal(config.journalSize, scrubber) : undefined
  const controls = createControls(store, new RuntimeSettings(config), journal)
  app.decorate('catalogStore', store)
  app.decorate('controls', controls as MockControls)

  logCatalogNotes(app.log, catalog, config.fixturesDir)
  for (const notice of unseenDiscounts(catalog, personas?.values() ?? [])) app.log.warn(notice)
  if (config.watch) await app.register(catalogWatch, { fixturesDir: config.fixturesDir, store, strict: config.strict })
  for (const schema of [ModelResponse, StandardError, ZodIssue, DetailedError, ModelTraitSchema, ModelCompatibilitySchema]) {
    app.addSchema(schema)
  }
  registerErrorHandling(app)
  await app.register(fastifySwagger, swaggerOptions())
  await app.register(apiPipeline, { store, controls, personas, rateLimitHeaders, auth: config.auth, cors: config.cors, adminKey: config.adminKey })
  // After the pipeline's own preClose (which releases hanging and delayed requests), idle kept-alive connections are closed.
  const connections = trackConnections(app.server)
  app.addHook('preClose', (done) => {
    connections.drain()
    done()
  })
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    catalogStore: CatalogStore
    controls: MockControls
  }
}
