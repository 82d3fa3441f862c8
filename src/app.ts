// Builds the emulator's Fastify instance: options, shared schemas, hooks and routes, registered explicitly; never listens.
import fastifySwagger from '@fastify/swagger'
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { pino, type DestinationStream, type LoggerOptions } from 'pino'
import type { Catalog } from './catalog/catalog.js'
import { CatalogStore } from './catalog/catalog-store.js'
import { formatProblems } from './catalog/fixture-problems.js'
import { loadCatalog } from './catalog/load-catalog.js'
import { watchCatalog } from './catalog/watch-catalog.js'
import type { Config } from './config.js'
import { lazySerializerFactory } from './http/lazy-serializer.js'
import { swaggerOptions } from './openapi.js'
import { createBearerAuth } from './plugins/bearer-auth.js'
import { createClientErrorHandler, handleError, registerErrorHandling } from './plugins/error-handling.js'
import { createRateLimitHeaders } from './plugins/rate-limit-headers.js'
import { RequestLogController } from './plugins/request-log.js'
import { healthRoutes } from './routes/health.js'
import { ModelCompatibilitySchema, ModelTraitSchema, modelsRoutes } from './routes/models.js'
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
}

async function createLogger (config: Config, stream: DestinationStream | undefined) {
  const options: LoggerOptions = {
    level: config.logLevel,
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

export async function buildApp (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const catalog = options.catalog ?? await loadCatalog(config.fixturesDir)
  const store = new CatalogStore(catalog)
  const rateLimitHeaders = createRateLimitHeaders()
  const fastifyOptions: FastifyServerOptions = {
    loggerInstance: await createLogger(config, options.logStream),
    logController: new RequestLogController(),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MS,
    schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
    // Errors found before routing (a malformed URL) skip the onRequest hooks, so they get the headers here.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply.headers(rateLimitHeaders())),
    clientErrorHandler: createClientErrorHandler(rateLimitHeaders)
  }
  const app = Fastify(fastifyOptions)

  app.decorate('catalogStore', store)
  if (catalog.warnings.length > 0) app.log.warn(`catalog warnings:\n${formatProblems(catalog.warnings)}`)
  if (config.watch) {
    const watcher = watchCatalog(config.fixturesDir, store, app.log)
    app.addHook('onClose', (_instance, done) => {
      watcher.close()
      done()
    })
  }
  for (const schema of [ModelResponse, StandardError, ZodIssue, DetailedError, ModelTraitSchema, ModelCompatibilitySchema]) {
    app.addSchema(schema)
  }
  registerErrorHandling(app)
  await app.register(fastifySwagger, swaggerOptions())

  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(rateLimitHeaders())
    done()
  })

  await app.register(healthRoutes, { store })
  await app.register(openapiDocumentRoutes)
  await app.register(async (api) => {
    api.addHook('onRequest', createBearerAuth(config.auth, config.apiKeys))
    await api.register(modelsRoutes, { store, auth: config.auth })
  }, { prefix: '/api/v1' })
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    catalogStore: CatalogStore
  }
}
