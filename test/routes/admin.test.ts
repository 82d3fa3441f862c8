// The admin API: off without its key, refused without it, and every route: journal, models, reset, settings.
import t from '../helpers/tap.js'
import { gunzipSync } from 'node:zlib'
import { appFor, auth, KEY, textModel } from '../helpers/app.js'

const ADMIN = 'admin-secret'
const admin = { authorization: `Bearer ${ADMIN}` }

t.test('without an admin key the admin API does not exist', async t => {
  const app = await appFor(t)
  t.equal((await app.inject({ url: '/__admin/requests', headers: admin })).statusCode, 404)
  t.equal(app.controls.journal, undefined, 'and no journal is kept')
})

t.test('the admin key is required; an API key is not enough', async t => {
  const app = await appFor(t, { adminKey: ADMIN, apiKeys: [KEY] })
  for (const headers of [{}, auth, { authorization: 'Bearer wrong' }, { authorization: `Basic ${ADMIN}` }]) {
    const response = await app.inject({ url: '/__admin/settings', headers })
    t.equal(response.statusCode, 401, JSON.stringify(headers))
    t.same(response.json(), { error: 'Authentication failed' })
  }
  t.equal((await app.inject({ url: '/__admin/settings', headers: admin })).statusCode, 200)
})

t.test('the journal: what the client sent, redacted, filtered, bounded, cleared', async t => {
  const app = await appFor(t, { adminKey: ADMIN, journalSize: 3 })
  await app.inject({ url: '/api/v1/models?type=image', headers: { ...auth, 'x-trace': 'one' } })
  await app.inject({ url: '/api/v1/models/nope', headers: auth })
  await app.inject({ url: '/v1/models', headers: auth })
  for (const url of ['/healthz', '/docs', '/docs/static/swagger-ui.css', '/openapi.json', '/openapi.yaml?x=1']) await app.inject({ url })
  await app.inject({ url: '/__admin/settings', headers: admin })
  const all = (await app.inject({ url: '/__admin/requests', headers: admin })).json()
  t.same(all.data.map((entry: { path: string }) => entry.path), ['/v1/models', '/api/v1/models/nope', '/api/v1/models'], 'newest first, admin, health and docs calls left out, a wrong route kept')
  t.match(all.data[2], { method: 'GET', query: { type: 'image' }, status: 200, headers: { authorization: 'Bearer [redacted]', 'x-trace': 'one' }, timestamp: String, durationMs: Number })
  t.notMatch(JSON.stringify(all), KEY)
  t.same((await app.inject({ url: '/__admin/requests?status=404', headers: admin })).json().data.map((entry: { path: string }) => entry.path), ['/v1/models', '/api/v1/models/nope'])
  t.same((await app.inject({ url: '/__admin/requests?path=/api/v1/*&limit=1', headers: admin })).json().data.map((entry: { path: string }) => entry.path), ['/api/v1/models/nope'])
  t.equal((await app.inject({ url: `/__admin/requests?since=${Date.now() + 60_000}`, headers: admin })).json().data.length, 0)
  t.equal((await app.inject({ url: '/__admin/requests?since=2000-01-01T00:00:00Z', headers: admin })).json().data.length, 3)
  const badSince = await app.inject({ url: '/__admin/requests?since=yesterday', headers: admin })
  t.equal(badSince.statusCode, 400)
  t.match(badSince.json().error, /since must be an ISO 8601 instant or epoch milliseconds/)
  const badLimit = await app.inject({ url: '/__admin/requests?limit=0', headers: admin })
  t.equal(badLimit.statusCode, 400)
  t.same(badLimit.json().details, { _errors: [], limit: { _errors: ['Invalid'] } })
  const typo = await app.inject({ url: '/__admin/requests?stauts=500', headers: admin })
  t.equal(typo.statusCode, 400, 'an unknown filter is refused, not ignored')
  t.match(typo.json().issues, [{ code: 'unrecognized_keys', keys: ['stauts'] }])
  await app.inject({ url: '/api/v1/models', headers: auth })
  t.equal((await app.inject({ url: '/__admin/requests', headers: admin })).json().data.length, 3, 'the oldest entry gave way: the journal is bounded')
  t.same((await app.inject({ method: 'DELETE', url: '/__admin/requests', headers: admin })).json(), { deleted: 3 })
  t.same((await app.inject({ url: '/__admin/requests', headers: admin })).json().data, [])
})

t.test('models: add, replace, refuse invalid ones with the full report, delete', async t => {
  const app = await appFor(t, { adminKey: ADMIN })
  const { object, owned_by: ownedBy, ...bare } = textModel('brand-new')
  t.ok(object && ownedBy)
  const created = await app.inject({ method: 'POST', url: '/__admin/models', headers: admin, payload: bare })
  t.equal(created.statusCode, 201)
  t.same(created.json(), textModel('brand-new'))
  t.same((await app.inject({ url: '/api/v1/models/brand-new', headers: auth })).json(), textModel('brand-new'))
  const all = (await app.inject({ url: '/api/v1/models?type=text', headers: auth })).json().data
  t.equal(all.at(-1).id, 'brand-new', 'a new model comes last')

  const cheaper = textModel('venice-uncensored-1-2') as any
  cheaper.model_spec.pricing.input.usd = 0.01
  const replaced = await app.inject({ method: 'POST', url: '/__admin/models', headers: admin, payload: cheaper })
  t.equal(replaced.statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/models/venice-uncensored-1-2', headers: auth })).json().model_spec.pricing.input.usd, 0.01)
  t.equal((await app.inject({ url: '/api/v1/models/traits', headers: auth })).json().data.most_uncensored, 'venice-uncensored-1-2', 'traits still point at the replaced model')

  const invalid = await app.inject({ method: 'POST', url: '/__admin/models', headers: admin, payload: { id: 'x', type: 'chat', model_spec: {} } })
  t.equal(invalid.statusCode, 400)
  t.same(invalid.json(), {
    error: 'Invalid model',
    problems: [
      { path: 'model_spec.privacy', message: 'is required but missing' },
      { path: 'type', message: 'must be one of "asr", "embedding", "image", "music", "text", "tts", "upscale", "inpaint", "video"; found string "chat"' }
    ]
  })
  t.same((await app.inject({ method: 'POST', url: '/__admin/models', headers: admin, payload: { ...textModel('traits') } })).json().problems, [{ path: 'id', message: 'cannot be "traits": GET /api/v1/models/traits is a route of its own' }])
  t.equal((await app.inject({ method: 'POST', url: '/__admin/models', headers: { ...admin, 'content-type': 'application/json' }, payload: '[1]' })).statusCode, 400)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/models', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"__proto__":{"x":1}}' })).statusCode, 400)

  t.equal((await app.inject({ method: 'DELETE', url: '/__admin/models/elevenlabs/scribe-v2', headers: admin })).statusCode, 204)
  t.equal((await app.inject({ url: '/api/v1/models/elevenlabs/scribe-v2', headers: auth })).statusCode, 404)
  const gzipped = await app.inject({ url: '/api/v1/models?type=asr', headers: { ...auth, 'accept-encoding': 'gzip' } })
  t.equal(gzipped.headers['content-encoding'], 'gzip', 'an edited catalog is compressed by the time the admin call answers')
  t.notMatch(gunzipSync(gzipped.rawPayload).toString(), 'scribe-v2')
  t.equal((await app.inject({ method: 'DELETE', url: '/__admin/models/venice-uncensored-1-2', headers: admin })).statusCode, 204)
  t.equal((await app.inject({ url: '/api/v1/models/traits', headers: auth })).json().data.most_uncensored, undefined, 'a trait naming a removed model goes too')
  const missing = await app.inject({ method: 'DELETE', url: '/__admin/models/elevenlabs/scribe-v2', headers: admin })
  t.equal(missing.statusCode, 404)
  t.same(missing.json(), { error: 'Specified model not found' })

  t.same((await app.inject({ method: 'POST', url: '/__admin/reset', headers: admin })).json(), { models: 328 })
  t.equal((await app.inject({ url: '/api/v1/models/elevenlabs/scribe-v2', headers: auth })).statusCode, 200, 'reset brings the fixtures back')
  t.equal((await app.inject({ url: '/api/v1/models/brand-new', headers: auth })).statusCode, 404)
})

t.test('settings: read, change at run time, refuse bad values, reset', async t => {
  const app = await appFor(t, { adminKey: ADMIN, auth: 'required' })
  t.same((await app.inject({ url: '/__admin/settings', headers: admin })).json(), { auth: 'required', controls: true, latency: null, errorRate: 0, rateLimit: null, abuseBlock: false })
  const changed = await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload: { auth: 'off', latency: '1-2', errorRate: 0, rateLimit: 100 } })
  t.same(changed.json(), { auth: 'off', controls: true, latency: '1-2', errorRate: 0, rateLimit: 100, abuseBlock: false })
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 200, 'auth off takes effect at once')
  t.equal((await app.inject({ url: '/api/v1/models' })).headers['x-ratelimit-limit-requests'], '100')
  for (const payload of [{ errorRate: 2 }, { auth: 'sometimes' }, { rateLimit: 0 }, { rateLimit: 1e300 }, { surprise: true }, { latency: 'slow' }]) {
    const response = await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.type(response.json().error, 'string')
  }
  t.match((await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload: { latency: 'slow' } })).json().error, /^Invalid latency: /)
  t.same((await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload: { latency: null, controls: false, abuseBlock: true } })).json().latency, null)
  await app.inject({ method: 'POST', url: '/__admin/reset', headers: admin })
  t.equal((await app.inject({ url: '/__admin/settings', headers: admin })).json().auth, 'required')
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 401)
})

t.test('the admin routes are in the OpenAPI document under their own tag', async t => {
  const app = await appFor(t, { adminKey: ADMIN })
  const document = (await app.inject({ url: '/openapi.json' })).json()
  t.same(Object.keys(document.paths).filter(path => path.startsWith('/__admin')).sort(), ['/__admin/models', '/__admin/models/{id}', '/__admin/next', '/__admin/requests', '/__admin/reset', '/__admin/settings'])
  t.same(document.paths['/__admin/requests'].get.tags, ['Admin'])
  t.same(document.paths['/__admin/requests'].get.security, [{ AdminBearer: [] }])
  t.notMatch(JSON.stringify(document), ADMIN, 'the key is not in the document')
})

t.test('bad settings get zod-style details naming the field', async t => {
  const app = await appFor(t, { adminKey: ADMIN })
  const tooBig = (await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload: { errorRate: 2 } })).json()
  t.match(tooBig, { error: 'Invalid request parameters', details: { errorRate: { _errors: ['Number must be less than or equal to 1'] } } })
  const unknown = (await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: admin, payload: { surprise: true } })).json()
  t.match(unknown.issues, [{ code: 'unrecognized_keys', keys: ['surprise'], message: "Unrecognized key(s) in object: 'surprise'" }])
  const notObject = (await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: { ...admin, 'content-type': 'application/json' }, payload: '[1]' })).json()
  t.match(notObject.issues, [{ code: 'invalid_type', expected: 'object', received: 'array', path: [] }])
})

t.test('next responses: queue, list with uses left and a key fingerprint, clear; reset clears them too', async t => {
  const app = await appFor(t, { adminKey: ADMIN, auth: 'required' })
  const queue = (payload: unknown) => app.inject({ method: 'POST', url: '/__admin/next', headers: admin, payload: payload as Record<string, unknown> })
  const created = await queue({ respond: { code: 429 }, times: 2, match: { path: '/api/v1/models', method: 'get', key: KEY } })
  t.equal(created.statusCode, 201)
  const entry = created.json()
  t.match(entry, { id: 1, respond: { code: 429 }, times: 2, remaining: 2, match: { path: '/api/v1/models', method: 'GET', keyFingerprint: /^sha256:[0-9a-f]{12}$/ } })
  t.notMatch(created.body, KEY, 'the key is not echoed')
  t.equal((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode, 429)
  const listed = (await app.inject({ url: '/__admin/next', headers: admin })).json()
  t.same(listed, { object: 'list', data: [{ ...entry, remaining: 1 }] })
  t.notMatch(JSON.stringify(listed), KEY)
  t.same((await app.inject({ method: 'DELETE', url: '/__admin/next', headers: admin })).json(), { deleted: 1 })
  t.equal((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode, 200, 'a cleared queue answers nothing')

  t.same((await queue({ respond: { fault: 'empty' } })).json().times, 1, 'times defaults to 1')
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: admin })).statusCode, 200)
  t.same((await app.inject({ url: '/__admin/next', headers: admin })).json().data, [], 'reset empties the queue')
  for (const [method, url] of [['POST', '/__admin/next'], ['GET', '/__admin/next'], ['DELETE', '/__admin/next']] as const) {
    t.equal((await app.inject({ method, url, headers: auth })).statusCode, 401, `${method} ${url} wants the admin key`)
  }
})

t.test('bad next responses get a 400 naming each field; a full queue is a 409', async t => {
  const app = await appFor(t, { adminKey: ADMIN })
  const queue = (payload: unknown) => app.inject({ method: 'POST', url: '/__admin/next', headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify(payload) })
  const bad = await queue({ respond: { code: 299, delay: -1 }, times: 0, match: { method: 'GET /' }, surprise: 1 })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().error, 'Invalid next response')
  t.same(bad.json().problems.map((problem: { path: string }) => problem.path).sort(), ['match.method', 'respond.code', 'respond.delay', 'surprise', 'times'])
  t.same((await queue({ respond: { code: 500, fault: 'hang' } })).json().problems, [{ path: 'respond', message: 'code=500 and fault=hang together: a fault replaces the answer, so use one or the other' }])
  t.same((await queue('respond')).json().problems, [{ path: '', message: 'Expected object' }])
  const empty = await app.inject({ method: 'POST', url: '/__admin/next', headers: admin })
  t.same([empty.statusCode, empty.json().problems], [400, [{ path: '', message: 'Expected object' }]], 'no body at all')
  const notJson = await app.inject({ method: 'POST', url: '/__admin/next', headers: { ...admin, 'content-type': 'application/json' }, payload: '{' })
  t.same([notJson.statusCode, notJson.json()], [400, { error: 'Request body is not valid JSON' }])
  t.equal((await queue({ respond: { code: 503 }, times: 10_000 })).statusCode, 201)
  const full = await queue({ respond: { code: 503 } })
  t.equal(full.statusCode, 409)
  t.match(full.json(), { error: /its limit is 10000 in all/ })
  t.same((await app.inject({ url: '/__admin/next', headers: admin })).json().data.length, 1, 'nothing bad was queued')
})
