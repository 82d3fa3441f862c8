// `GET /healthz`: liveness and the size of the catalog being served; needs no key.
import type { FastifyPluginCallback } from 'fastify'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { StandardError } from '../schemas/error-bodies.js'
import { MODEL_TYPES } from '../schemas/model-types.js'
import { StringEnum, Type } from '../schemas/typebox.js'

const Health = Type.Object({
  status: StringEnum(['ok', 'stale'] as const, { description: '`stale`: the fixtures changed but do not load; the previous catalog is served' }),
  models: Type.Integer({ description: 'Number of models served' }),
  types: Type.Object(Object.fromEntries(MODEL_TYPES.map(type => [type, Type.Integer()])), { description: 'Number of models served per type' }),
  deviations: Type.Integer({ description: 'Deviations from the published ModelResponse in the models served as given (`check` lists them); 0 with VENICE_MOCK_STRICT' }),
  stale: Type.Optional(Type.Object({
    since: Type.String({ description: 'When the failed reload happened (ISO 8601)' }),
    problems: Type.Array(Type.Object({ file: Type.String(), path: Type.String(), message: Type.String() }))
  }, { description: 'Why the catalog served is older than the fixtures' }))
}, { description: 'Emulator health' })

export const healthRoutes: FastifyPluginCallback<{ store: CatalogStore }> = (app, { store }, done) => {
  app.get('/healthz', {
    // Probes call it every few seconds: in the journal they would only bury what the client under test sent.
    config: { journal: false },
    schema: {
      operationId: 'health',
      summary: 'Health check',
      description: 'Answers 200 while the emulator serves a catalog, and says when that catalog is stale. No key needed.',
      tags: ['Emulator'],
      security: [],
      response: { 200: Health, 500: Type.Ref(StandardError) }
    }
  }, async () => {
    const catalog = store.current
    const stale = store.stale
    const served = { models: catalog.size, types: catalog.countsByType, deviations: catalog.deviations.length }
    return stale === undefined ? { status: 'ok' as const, ...served } : { status: 'stale' as const, ...served, stale }
  })
  done()
}
