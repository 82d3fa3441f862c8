// A catalog of 10,000 models loads, validates and serves correctly (its speed is measured by `npm run bench`, not here).
import t from '../helpers/tap.js'
import { writeLargeCatalog } from '../../scripts/large-catalog.js'
import { appFor, auth, fixtureDir } from '../helpers/app.js'

t.test('10,000 models: every list, and any model by id', async t => {
  const directory = await fixtureDir(t, {})
  const ids = await writeLargeCatalog(directory, 10_000)
  const app = await appFor(t, { fixturesDir: directory })
  const all = (await app.inject({ url: '/api/v1/models?type=all', headers: auth })).json()
  t.equal(all.data.length, 10_000)
  t.same(new Set(all.data.map((model: { id: string }) => model.id)).size, 10_000, 'ids are unique')
  const health = (await app.inject({ url: '/healthz' })).json()
  t.equal(health.models, 10_000)
  t.equal(Object.values(health.types as Record<string, number>).reduce((sum, count) => sum + count, 0), 10_000)
  for (const id of [ids[0], ids[4_999], ids[9_999], 'elevenlabs/scribe-v2-3']) {
    const response = await app.inject({ url: `/api/v1/models/${id}`, headers: auth })
    t.equal(response.statusCode, 200, id)
    t.equal(response.json().id, id)
  }
})
