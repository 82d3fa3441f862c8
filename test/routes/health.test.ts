// GET /healthz: liveness and catalog size, without a key.
import t from 'tap'
import { appFor } from '../helpers/app.js'

t.test('health reports the number of models served, in total and per type', async t => {
  const app = await appFor(t)
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.status, 'ok')
  t.equal(body.models, app.catalogStore.current.size)
  t.ok(body.models >= 328)
  t.same(body.types, app.catalogStore.current.countsByType)
  t.equal(Object.values(body.types as Record<string, number>).reduce((sum, count) => sum + count, 0), body.models)
})
