// `GET /healthz`: liveness and the size of the catalog being served; needs no key.
import type { FastifyPluginCallback } from 'fastify'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { StandardError } from '../schemas/error-bodies.js'
import { MODEL_TYPES } from '../schemas/model-types.js'
import { Type } from '../schemas/typebox.js'

const Health = Type.Object({
  status: Type.Literal('ok'),
  models: Type.Integer({ description: 'Number of models served' }),
  types: Type.Object(Object.fromEntries(MODEL_TYPES.map(type => [type, Type.Integer()])), { description: 'Number of models served per type' })
}, { description: 'Emulator health' })

export const healthRoutes: FastifyPluginCallback<{ store: CatalogStore }> = (app, { store }, done) => {
  app.get('/healthz', {
    schema: {
      operationId: 'health',
      summary: 'Health check',
      description: 'Answers 200 while the emulator serves a catalog. No key needed.',
      tags: ['Emulator'],
      security: [],
      response: { 200: Health, 500: Type.Ref(StandardError) }
    }
  }, async () => {
    const catalog = store.current
    return { status: 'ok' as const, models: catalog.size, types: catalog.countsByType }
  })
  done()
}
