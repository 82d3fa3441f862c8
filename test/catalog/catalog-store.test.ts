// The catalog store swaps whole catalogs.
import t from 'tap'
import { Catalog } from '../../src/catalog/catalog.js'
import { CatalogStore } from '../../src/catalog/catalog-store.js'
import { appFor, auth, textModel } from '../helpers/app.js'

t.test('replacing the catalog changes every answer at once', async t => {
  const app = await appFor(t)
  const next = new Catalog({ models: [textModel('swapped') as any], traits: new Map([['text', { default: 'swapped' }]]), compatibilityMapping: new Map() })
  const store: CatalogStore = app.catalogStore
  store.replace(next)
  t.equal(store.current, next)
  t.same((await app.inject({ url: '/api/v1/models', headers: auth })).json().data.map((model: any) => model.id), ['swapped'])
  t.same((await app.inject({ url: '/api/v1/models/traits', headers: auth })).json().data, { default: 'swapped' })
  t.equal((await app.inject({ url: '/healthz' })).json().models, 1)
})
