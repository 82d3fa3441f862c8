// The catalog store swaps whole catalogs.
import t from '../helpers/tap.js'
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

t.test('onServe prepares the catalog served now and each one swapped in, before it is served', async t => {
  const empty = (): Catalog => new Catalog({ models: [], traits: new Map(), compatibilityMapping: new Map() })
  const first = empty()
  const store = new CatalogStore(first)
  const prepared: Array<[Catalog, Catalog]> = []
  store.onServe(catalog => prepared.push([catalog, store.current]))
  const edited = empty()
  const reloaded = empty()
  store.replace(edited)
  store.reload(reloaded)
  store.replace(edited)
  store.restoreBaseline()
  const same = (seen: Catalog[], expected: Catalog[]): boolean => seen.length === expected.length && seen.every((catalog, index) => catalog === expected[index])
  t.ok(same(prepared.map(([catalog]) => catalog), [first, edited, reloaded, edited, reloaded]), 'each catalog served, in order')
  t.ok(same(prepared.map(([, current]) => current), [first, first, edited, reloaded, edited]), 'each one while the previous is still served')
})
