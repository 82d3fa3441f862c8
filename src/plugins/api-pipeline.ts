// Every request's way through the emulator, in order, in this one file: CORS, headers, controls, key, route, journal.
import fastifyCors from '@fastify/cors'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { PersonaViews } from '../catalog/persona-views.js'
import type { AuthMode, CorsOrigins } from '../config.js'
import type { Journal } from '../controls/journal.js'
import type { ControlState } from '../controls/mock-controls.js'
import { KeyDirectory, type Caller, type Persona } from '../controls/personas.js'
import { notFound } from '../errors/error-handling.js'
import { bearerKeyOf, createBearerAuth } from '../hooks/bearer-auth.js'
import type { RateLimitHeaders } from '../hooks/rate-limit-headers.js'
import { TestControls } from '../hooks/test-controls.js'
import { corsOptions } from '../http/cors-options.js'
import { ADMIN_PREFIX, adminRoutes } from '../routes/admin.js'
import { DOCS_PATH, docsPageRoutes } from '../routes/docs-page.js'
import { healthRoutes } from '../routes/health.js'
import { modelsRoutes } from '../routes/models.js'
import { openapiDocumentRoutes } from '../routes/openapi-document.js'

export interface ApiPipelineOptions {
  store: CatalogStore
  controls: ControlState
  /** Key personas (null: no keys configured). */
  personas: ReadonlyMap<string, Persona> | null
  /** The headers every answer carries, shared with the answers given before routing (app.ts). */
  rateLimitHeaders: () => RateLimitHeaders
  auth: AuthMode
  cors: CorsOrigins
  /** null: no admin API. */
  adminKey: string | null
}

/** A journal entry for an answer, given by a route or by the controls without a reply (faults). */
function journalRecorder (journal: Journal | undefined) {
  return (request: FastifyRequest, status: number, durationMs: number): void => {
    journal?.add({
      startedAt: Date.now() - durationMs,
      method: request.method,
      url: request.url,
      headers: request.headers,
      status,
      durationMs,
      callerKey: bearerKeyOf(request)
    })
  }
}

/**
 * The emulator's own prefixes (the docs page, the admin API) are the tester's, not the client's under test: every route
 * registered in the scope, by its plugins too, is kept out of the journal, and so are their wrong URLs and preflights
 * (a typo in the tester's admin call is not something the client sent). Their 404 is the usual one (Fastify takes a
 * 404 handler's route config at run time; its types leave it out), and OPTIONS gets a route here instead of reaching
 * the root's (@fastify/cors answers a preflight in its hook either way, before the route's handler).
 */
function keepOutOfJournal (scope: FastifyInstance, wildcardOptions: boolean): void {
  scope.addHook('onRoute', route => { route.config = { ...route.config, journal: false } })
  const config = { journal: false }
  ;(scope.setNotFoundHandler as (options: { config: typeof config }, handler: typeof notFound) => void)({ config }, notFound)
  const optionsRoute = { schema: { hide: true } }
  scope.options('/', optionsRoute, (_request, reply) => reply.callNotFound())
  if (wildcardOptions) scope.options('/*', optionsRoute, (_request, reply) => reply.callNotFound())
}

const apiPipeline: FastifyPluginAsync<ApiPipelineOptions> = async (app, options) => {
  const { store, controls, personas, rateLimitHeaders } = options
  const { journal, settings } = controls
  app.decorateRequest('caller', null as unknown as Caller)
  app.decorateRequest('bearerKey', undefined)
  const record = journalRecorder(journal)
  const testControls = new TestControls({ ...controls, onFault: record })
  app.addHook('preClose', (done) => {
    testControls.release()
    done()
  })

  // 1. CORS: the first onRequest hook, so a preflight is answered before authentication (browsers send it without a key).
  if (options.cors !== null) await app.register(fastifyCors, corsOptions(options.cors))
  // 2. The live API's rate-limit headers, on every answer (the rate limiter of step 5 overwrites its own).
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(rateLimitHeaders())
    done()
  })
  // 7. The journal records whatever was answered, wrong routes included; routes configured with `journal: false` (the
  // emulator's own pages: admin, health, docs, OpenAPI) are left out. A root hook, so it runs before the API scope's.
  // The log line of the request (at debug) is written when it completes, by RequestLogController (logger.ts).
  if (journal !== undefined) {
    app.addHook('onResponse', (request, reply, done) => {
      if (request.routeOptions.config.journal !== false) record(request, reply.statusCode, reply.elapsedTime)
      done()
    })
  }

  // The emulator's own routes: no key, no controls.
  await app.register(healthRoutes, { store })
  await app.register(openapiDocumentRoutes)
  await app.register(async (docs) => {
    keepOutOfJournal(docs, true)
    await docs.register(docsPageRoutes, { adminPrefix: ADMIN_PREFIX })
  }, { prefix: DOCS_PATH })

  // The API routes (README, "Testing your client's retries"): 3. the abuse block; 4. the key, parsed once
  // (bearerKeyOf) and its caller kept on the request; 5. a queued next response, unless the request carries a Prefer
  // header, which wins; the rate limiter, which does not count a queued answer; Prefer; latency and random errors;
  // 6. the route. After the answer, failures are counted for the abuse block.
  await app.register(async (api) => {
    api.addHook('onRequest', testControls.beforeAuth)
    api.addHook('onRequest', createBearerAuth(settings, new KeyDirectory(personas)))
    api.addHook('onRequest', testControls.onRequest)
    api.addHook('onResponse', testControls.onResponse)
    const views = new PersonaViews(message => app.log.warn(message))
    // Each catalog's discounted bodies are made when it is swapped in, never on a partner's request.
    const partners = [...personas?.values() ?? []].filter(persona => persona.discounts !== undefined)
    if (partners.length > 0) store.onServe(catalog => { for (const persona of partners) views.models(catalog, persona) })
    await api.register(modelsRoutes, { store, auth: options.auth, views })
  }, { prefix: '/api/v1' })

  // The admin API, with an admin key; without one its prefix still has its own 404s.
  const adminKey = options.adminKey
  const hasAdmin = adminKey !== null && journal !== undefined
  await app.register(async (admin) => {
    // The admin routes bring their own OPTIONS route (a failing preflight unless CORS lists origins).
    keepOutOfJournal(admin, !hasAdmin)
    if (hasAdmin) {
      await admin.register(adminRoutes, { adminKey, store, journal, settings, next: controls.next, reset: controls.reset, cors: Array.isArray(options.cors) })
    }
  }, { prefix: ADMIN_PREFIX })
}

export default fp(apiPipeline, { name: 'api-pipeline' })

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the journal leaves this route's requests out (the emulator's own routes). */
    journal?: boolean
  }
}
