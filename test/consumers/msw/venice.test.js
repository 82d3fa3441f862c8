// MSW consumer: the package's handlers answer fetch() at the live API's address, with per-test server.use() overrides.
import assert from 'node:assert/strict'
import { after, afterEach, before, test } from 'node:test'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createVeniceHandlers } from 'venice-models-mock/msw'

const API = 'https://api.venice.ai/api/v1'
const auth = { authorization: 'Bearer msw-key' }
let venice
let server

before(async () => {
  venice = await createVeniceHandlers({ apiKeys: 'msw-key' })
  server = setupServer(...venice.handlers)
  server.listen({ onUnhandledRequest: 'error' })
})
afterEach(() => { server.resetHandlers(); venice.reset() })
after(async () => { server.close(); await venice.close() })

test('the catalog, its ETag and its errors, with no port', async () => {
  const list = await fetch(`${API}/models?type=all`, { headers: auth })
  assert.equal(list.status, 200)
  assert.ok((await list.json()).data.length > 0)
  const cached = await fetch(`${API}/models?type=all`, { headers: { ...auth, 'if-none-match': list.headers.get('etag') } })
  assert.equal(cached.status, 304)
  assert.equal((await fetch(`${API}/models`)).status, 200, 'no key is welcome, as live')
  assert.equal((await fetch(`${API}/models`, { headers: { authorization: 'Bearer wrong-key' } })).status, 401, 'a key that is sent is checked')
  assert.equal((await fetch(`${API}/models?type=bogus`, { headers: auth })).status, 400)
  assert.equal((await fetch(`${API}/models`, { headers: { ...auth, prefer: 'code=500' } })).status, 500)
  await assert.rejects(fetch(`${API}/models`, { headers: { ...auth, prefer: 'fault=reset' } }), TypeError)
  assert.equal(venice.journal.list().length, 7)
})

test('server.use() overrides one route for one test', async () => {
  server.use(http.get(`${API}/models/traits`, () => HttpResponse.json({ data: { default: 'my-model' }, object: 'list' })))
  assert.deepEqual(await (await fetch(`${API}/models/traits`, { headers: auth })).json(), { data: { default: 'my-model' }, object: 'list' })
  assert.equal((await fetch(`${API}/models/compatibility_mapping`, { headers: auth })).status, 200, 'the other routes are the emulator\'s')
})

test('require() of the MSW entry gives the same function', async () => {
  const { createRequire } = await import('node:module')
  const required = createRequire(import.meta.url)('venice-models-mock/msw')
  assert.equal(typeof required.createVeniceHandlers, 'function')
})
