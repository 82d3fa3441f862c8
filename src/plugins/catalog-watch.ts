// Reloads the served catalog when its fixtures change (VENICE_MOCK_WATCH), for as long as the app is open.
import type { FastifyPluginCallback } from 'fastify'
import fp from 'fastify-plugin'
import type { CatalogStore } from '../catalog/catalog-store.js'
import { watchCatalog } from '../catalog/watch-catalog.js'

export interface CatalogWatchOptions {
  fixturesDir: string
  store: CatalogStore
  strict: boolean
}

const catalogWatch: FastifyPluginCallback<CatalogWatchOptions> = (app, { fixturesDir, store, strict }, done) => {
  const watcher = watchCatalog(fixturesDir, store, app.log, undefined, { strict })
  app.addHook('onClose', (_instance, closed) => {
    watcher.close()
    closed()
  })
  done()
}

export default fp(catalogWatch, { name: 'catalog-watch' })
