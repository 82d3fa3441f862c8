// GET /healthz: liveness and catalog size, without a key.
import t from '../helpers/tap.js'
import { appFor, auth } from '../helpers/app.js'

t.test('health reports the number of models served, in total and per type', async t => {
  const app = await appFor(t)
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.equal(body.status, 'ok')
  // Counted from what the API itself lists, not from the store the health route reads.
  const models = (await app.inject({ url: '/api/v1/models?type=all', headers: auth })).json().data as Array<{ type: string }>
  t.equal(body.models, models.length)
  t.ok(body.models >= 328)
  const perType: Record<string, number> = {}
  for (const model of models) perType[model.type] = (perType[model.type] ?? 0) + 1
  t.same(Object.fromEntries(Object.entries(body.types as Record<string, number>).filter(([, count]) => count > 0)), perType)
})
