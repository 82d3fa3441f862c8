// Builds the emulator's Fastify instance: options, shared schemas, hooks and routes, registered explicitly; never listens.
import fastifyCors from '@fastify/cors'
import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyHttpOptions, type FastifyInstance, type FastifyRequest } from 'fastify'
import type { Server } from 'node:http'
import { pino, type DestinationStream, type LoggerOptions } from 'pino'
import type { Catalog } from './catalog/catalog.js'
import { CatalogStore } from './catalog/catalog-store.js'
import { describeDeviations, formatProblems } from './catalog/fixture-problems.js'
import { loadCatalog } from './catalog/load-catalog.js'
import { discountProblems, PersonaViews } from './catalog/persona-views.js'
import { watchCatalog } from './catalog/watch-catalog.js'
import { ConfigError, type Config } from './config.js'
import { corsOptions } from './http/cors-options.js'
import { trackConnections } from './http/idle-connections.js'
import { SecretScrubber } from './http/secret-scrubber.js'
import { lazySerializerFactory } from './http/lazy-serializer.js'
import { swaggerOptions } from './openapi.js'
import { Journal } from './controls/journal.js'
import { NextResponses } from './controls/next-responses.js'
import { KeyDirectory, OPEN_PERSONA, type Caller, type Persona } from './controls/personas.js'
import { AbuseGuard, RateLimiter } from './controls/rate-limiter.js'
import { RuntimeSettings } from './controls/runtime-settings.js'
import { TestControls } from './plugins/test-controls.js'
import { adminRoutes } from './routes/admin.js'
import { bearerToken, createBearerAuth } from './plugins/bearer-auth.js'
import { createClientErrorHandler, handleError, registerErrorHandling } from './plugins/error-handling.js'
import { createRateLimitHeaders } from './plugins/rate-limit-headers.js'
import { lazyChildLogger, RequestLogController } from './plugins/request-log.js'
import { healthRoutes } from './routes/health.js'
import { ModelCompatibilitySchema, ModelTraitSchema, modelsRoutes } from './routes/models.js'
import { docsPageRoutes } from './routes/docs-page.js'
import { openapiDocumentRoutes } from './routes/openapi-document.js'
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

/** What in-process users and the admin API reach: the run-time settings, the journal and a reset. */
export interface MockControls {
  settings: RuntimeSettings
  journal: Journal | undefined
  /** Responses queued for the next matching API requests. */
  next: NextResponses
  /** Back to the fixtures: catalog, settings, rate-limit windows and abuse counts; the journal and the queue are emptied. */
  reset: () => void
}

async function createLogger (config: Config, stream: DestinationStream | undefined, scrubber: SecretScrubber) {
  const options: LoggerOptions = {
    level: config.logLevel,
    serializers: {
      // Fastify's request fields, with any key the client pasted into the URL taken out.
      // A server-side request always has a URL and a socket, the ones Node parsed it from.
      req: (request: FastifyRequest['raw']) => ({
        method: request.method,
        url: scrubber.scrub(String(request.url), bearerToken(request.headers.authorization)),
        host: request.headers.host,
        remoteAddress: request.socket.remoteAddress,
        remotePort: request.socket.remotePort
      })
    },
    // Keys must never reach a log line, whatever serializer or level logs the request headers.
    redact: {
      paths: ['req.headers.authorization', 'request.headers.authorization', 'headers.authorization', 'authorization'],
      censor: '[redacted]'
    }
  }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && stream === undefined && process.stdout.isTTY)
  if (stream !== undefined || !pretty) return pino(options, stream ?? process.stdout)
  // Loaded only when used: pino-pretty adds to start-up time and is never needed in CI or containers.
  const { default: pinoPretty } = await import('pino-pretty')
  return pino(options, pinoPretty({ colorize: true, sync: true }))
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

  const settings = new RuntimeSettings(config)
  const limiter = new RateLimiter()
  const abuse = new AbuseGuard()
  const journal = options.journal === true || config.adminKey !== null ? new Journal(config.journalSize, scrubber) : undefined
  const record = (request: FastifyRequest, status: number, durationMs: number): void => {
    journal?.add({
      startedAt: Date.now() - durationMs,
      method: request.method,
      url: request.url,
      headers: request.headers,
      status,
      durationMs,
      callerKey: bearerToken(request.headers.authorization)
    })
  }
  const next = new NextResponses()
  const testControls = new TestControls({ settings, limiter, abuse, next, onFault: record })
  const controls: MockControls = {
    settings,
    journal,
    next,
    reset: () => {
      store.restoreBaseline()
      settings.reset()
      limiter.clear()
      abuse.clear()
      journal?.clear()
      next.clear()
    }
  }

  app.decorate('catalogStore', store)
  app.decorate('controls', controls)
  app.decorateRequest('caller', null as unknown as Caller)
  const connections = trackConnections(app.server)
  app.addHook('preClose', (done) => {
    testControls.release()
    connections.drain()
    done()
  })
  if (journal !== undefined) {
    // The emulator's own pages (admin API, health checks every few seconds, the docs page and its files) would only
    // bury what the client under test sent; a wrong route the client calls is still recorded.
    app.addHook('onResponse', (request, reply, done) => {
      if (!isHousekeeping(request.url)) record(request, reply.statusCode, reply.elapsedTime)
      done()
    })
  }
  if (catalog.warnings.length > 0) app.log.warn(`catalog warnings:\n${formatProblems(catalog.warnings)}`)
  if (catalog.deviations.length > 0) app.log.warn({ deviations: catalog.deviations.length }, describeDeviations(catalog.deviations, config.fixturesDir))
  if (config.watch) {
    const watcher = watchCatalog(config.fixturesDir, store, app.log, undefined, { strict: config.strict })
    app.addHook('onClose', (_instance, done) => {
      watcher.close()
      done()
    })
  }
  for (const schema of [ModelResponse, StandardError, ZodIssue, DetailedError, ModelTraitSchema, ModelCompatibilitySchema]) {
    app.addSchema(schema)
  }
  registerErrorHandling(app)
  // First of the onRequest hooks, so a preflight is answered before authentication (browsers send it without a key).
  if (config.cors !== null) await app.register(fastifyCors, corsOptions(config.cors))
  await app.register(fastifySwagger, swaggerOptions())

  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(rateLimitHeaders())
    done()
  })

  await app.register(healthRoutes, { store })
  await app.register(openapiDocumentRoutes)
  await app.register(docsPageRoutes, { adminPrefix: ADMIN_PREFIX })
  // The order of the controls on an API request (README, "Testing your client's retries"): the abuse block; the key;
  // then a queued next response, unless the request carries a Prefer header, which wins; the rate limiter, which does
  // not count a queued answer; Prefer; latency and random errors. The journal records whatever was answered.
  await app.register(async (api) => {
    api.addHook('onRequest', testControls.beforeAuth)
    api.addHook('onRequest', createBearerAuth(settings, new KeyDirectory(personas)))
    api.addHook('onRequest', testControls.onRequest)
    api.addHook('onResponse', testControls.onResponse)
    const views = new PersonaViews(message => app.log.warn(message))
    // The discounted bodies of the fixtures' catalog are made now, not on the partner's first request; later catalogs build theirs lazily.
    for (const persona of personas?.values() ?? []) views.models(catalog, persona)
    await api.register(modelsRoutes, { store, auth: config.auth, views })
  }, { prefix: '/api/v1' })
  if (config.adminKey !== null && journal !== undefined) {
    await app.register(adminRoutes, { prefix: ADMIN_PREFIX, adminKey: config.adminKey, store, journal, settings, next, reset: controls.reset, cors: Array.isArray(config.cors) })
  }
  return app
}

export const ADMIN_PREFIX = '/__admin'

const HOUSEKEEPING = /^\/(?:__admin|docs|healthz|openapi\.(?:json|yaml))(?:[/?]|$)/

/** Requests the journal leaves out: the emulator's own admin, health and documentation routes. */
export function isHousekeeping (url: string): boolean {
  return HOUSEKEEPING.test(url)
}

declare module 'fastify' {
  interface FastifyInstance {
    catalogStore: CatalogStore
    controls: MockControls
  }
}
