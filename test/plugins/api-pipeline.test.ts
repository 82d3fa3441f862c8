// The order of the request pipeline, each step shown by what the one before or after it must not see.
import t from '../helpers/tap.js'
import { appFor, auth, KEY } from '../helpers/app.js'

const preflight = { origin: 'http://localhost:5173', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' }

t.test('1. CORS first: a preflight without a key is answered before the bearer check, with CORS headers only', async t => {
  const app = await appFor(t, { cors: ['http://localhost:5173'], auth: 'required', apiKeys: [KEY] })
  const response = await app.inject({ method: 'OPTIONS', url: '/api/v1/models', headers: preflight })
  t.equal(response.statusCode, 204)
  t.equal(response.headers['access-control-allow-origin'], 'http://localhost:5173')
  t.equal(response.headers['x-ratelimit-limit-requests'], undefined, 'answered before the rate-limit headers are set')
})

t.test('2 before 4: a refused key still gets the live rate-limit headers', async t => {
  const app = await appFor(t, { auth: 'required', apiKeys: [KEY] })
  const response = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong' } })
  t.equal(response.statusCode, 401)
  t.equal(response.headers['x-ratelimit-limit-requests'], '500')
})

t.test('4 before 5: the key is checked before Prefer or a queued answer applies', async t => {
  const app = await appFor(t, { auth: 'required', apiKeys: [KEY] })
  app.controls.next.add({ respond: { code: 503 } })
  const wrong = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong', prefer: 'code=429' } })
  t.equal(wrong.statusCode, 401, 'Prefer is not applied for a refused key')
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong' } })).statusCode, 401, 'nor the queue')
  t.equal((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode, 503, 'the queued answer waited for a good key')
})

t.test('7. the journal records the answer as sent, refusals and controls included, with the caller\'s key redacted', async t => {
  const app = await appFor(t, { adminKey: 'admin-key', auth: 'required', apiKeys: [KEY] })
  await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong' } })
  await app.inject({ url: '/api/v1/models', headers: { ...auth, prefer: 'code=503' } })
  await app.inject({ url: `/api/v1/models?key=${KEY}`, headers: auth })
  const entries = app.controls.journal?.list().reverse() ?? []
  t.same(entries.map(entry => entry.status), [401, 503, 200])
  t.notMatch(JSON.stringify(entries), KEY, 'the key parsed by the bearer check is the one scrubbed from the URL')
})
