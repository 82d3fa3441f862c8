// Hostile input to the admin API, generated: refused changes change nothing, accepted ones are served whole, reset restores all.
import fc from 'fast-check'
import t from '../helpers/tap.js'
import { appFor, textModel } from '../helpers/app.js'
import { brokenInvariant, catalogFingerprint, prototypeKeys, within, runs } from './invariants.js'

const ADMIN_KEY = 'prop-admin-secret'
const API_KEY = 'prop-api-key'
const SEED = 20261124

/** Where a mutation lands in a valid text model: the fields validation cares about, and the keys that pollute. */
const FIELD_PATHS = [
  'id', 'type', 'object', 'owned_by', 'created', 'context_length', 'model_spec', 'model_spec.name', 'model_spec.privacy',
  'model_spec.pricing', 'model_spec.pricing.input', 'model_spec.pricing.input.usd', 'model_spec.traits', 'model_spec.capabilities',
  'model_spec.capabilities.supportsVision', 'model_spec.constraints', 'model_spec.constraints.temperature', 'model_spec.beta',
  '__proto__', 'constructor', 'model_spec.__proto__', 'model_spec.constructor', 'prototype'
] as const

const mutation = fc.record({
  path: fc.constantFrom(...FIELD_PATHS),
  op: fc.constantFrom('delete', 'set'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', 'traits', 'compatibility_mapping', '/lead', 'trail/', 'a//b', 'x'.repeat(300), { prototype: { polluted: true } }, { polluted: true }))
})

/** A valid model with some fields deleted or replaced; `__proto__` is set as an own key, as JSON.parse would make it. */
function mutatedModel (id: string, mutations: ReadonlyArray<{ path: string, op: string, value: unknown }>): unknown {
  const model = structuredClone(textModel(id)) as Record<string, unknown>
  for (const { path, op, value } of mutations) {
    const keys = path.split('.')
    let target: Record<string, unknown> | undefined = model
    for (const key of keys.slice(0, -1)) {
      const next: unknown = Object.hasOwn(target, key) ? target[key] : undefined
      target = next !== null && typeof next === 'object' && !Array.isArray(next) ? next as Record<string, unknown> : undefined
      if (target === undefined) break
    }
    if (target === undefined) continue
    const last = keys[keys.length - 1]
    if (op === 'delete') delete target[last]
    else Object.defineProperty(target, last, { value, enumerable: true, writable: true, configurable: true })
  }
  return model
}

const modelBody = fc.oneof(
  { arbitrary: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/), fc.array(mutation, { maxLength: 3 })).map(([id, mutations]) => JSON.stringify(mutatedModel(`fuzz-${id}`, mutations))), weight: 4 },
  fc.json({ maxDepth: 3 }),
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{', '', 'null', '[]', '[{"id":"x"}]', '"model"', '\u0000')
)

const settingsBody = fc.oneof(
  fc.record({
    auth: fc.oneof(fc.constantFrom('required', 'optional', 'off', 'REQUIRED', '', 'none'), fc.jsonValue({ maxDepth: 1 })),
    controls: fc.oneof(fc.boolean(), fc.jsonValue({ maxDepth: 1 })),
    latency: fc.oneof(fc.constantFrom('150', '50-400', '400-50', '-1', '1e9', '60001', '0', '', ' 5 ', '1-2-3', 'NaN', null), fc.string({ maxLength: 12 }), fc.integer()),
    errorRate: fc.oneof(fc.double(), fc.constantFrom(0, 1, -0.1, 1.1, '0.5', null)),
    rateLimit: fc.oneof(fc.integer(), fc.constantFrom(0, 1, 1e10, 1.5, -1, null, '60')),
    abuseBlock: fc.oneof(fc.boolean(), fc.constantFrom('true', 1, null)),
    __proto__: fc.constant({ polluted: true }),
    extra: fc.jsonValue({ maxDepth: 1 })
  }, { requiredKeys: [] }).map(body => JSON.stringify(body)),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('{"__proto__":{"auth":"off"}}', '{"constructor":{"prototype":{"auth":"off"}}}', '{', '', 'null')
)

// Valid entries only ever match a path no request here takes: a queued fault must not catch the catalog checks.
const nextBody = fc.oneof(
  fc.record({
    respond: fc.oneof(fc.record({
      code: fc.oneof(fc.constantFrom(429, 503, 200, 299, -1, 1.5), fc.jsonValue({ maxDepth: 1 })),
      delay: fc.oneof(fc.constantFrom(0, 10, 60_001, -1, 0.5, '5'), fc.jsonValue({ maxDepth: 1 })),
      fault: fc.oneof(fc.constantFrom('reset', 'hang', 'Reset', ''), fc.jsonValue({ maxDepth: 1 }))
    }, { requiredKeys: [] }), fc.jsonValue({ maxDepth: 1 })),
    times: fc.oneof(fc.constantFrom(1, 2, 0, 10_000, 10_001, 1.5, '2'), fc.jsonValue({ maxDepth: 1 })),
    match: fc.record({
      path: fc.constantFrom('/never/*', '/never', 'never', '', '*'),
      key: fc.oneof(fc.constantFrom(ADMIN_KEY, ''), fc.jsonValue({ maxDepth: 1 })),
      __proto__: fc.constant({ polluted: true })
    }, { requiredKeys: ['path'] })
  }, { requiredKeys: [] }).map(body => JSON.stringify(body)),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"respond":{"__proto__":{"code":429}}}', '{', '', 'null', '[]')
)

const queryValue = fc.oneof(fc.constantFrom('', '0', '200', '999', '1000000', '-1', '1e400', '2026-11-24T12:00:00Z', '+275760-09-13T00:00:00.001Z', 'not-a-date', '/api/v1/*', '*', '__proto__', '%E0%A4%A'), fc.string({ maxLength: 20 }).map(encodeURIComponent))
const journalQuery = fc.array(fc.tuple(fc.constantFrom('path', 'status', 'since', 'limit', '__proto__', 'constructor', 'limit[]', 'x'), queryValue), { maxLength: 4 })
  .map(pairs => pairs.map(([key, value]) => `${key}=${value}`).join('&'))

const authorization = fc.oneof(
  { arbitrary: fc.constant(`Bearer ${ADMIN_KEY}`), weight: 6 },
  fc.constantFrom(`Bearer ${API_KEY}`, `Bearer ${ADMIN_KEY}x`, `Bearer ${ADMIN_KEY.slice(0, -1)}`, `bearer ${ADMIN_KEY}`, `Basic ${ADMIN_KEY}`, ADMIN_KEY, '', 'Bearer ', `Bearer ${ADMIN_KEY.toUpperCase()}`)
)

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', '', 'application/json; charset=latin1')

const adminRequest = fc.oneof(
  fc.record({ method: fc.constant('POST'), url: fc.constant('/__admin/models'), body: modelBody, authorization, contentType }),
  fc.record({ method: fc.constant('PATCH'), url: fc.constant('/__admin/settings'), body: settingsBody, authorization, contentType }),
  fc.record({ method: fc.constant('POST'), url: fc.constant('/__admin/next'), body: nextBody, authorization, contentType }),
  fc.record({ method: fc.constant('GET'), url: journalQuery.map(query => `/__admin/requests?${query}`), body: fc.constant(undefined), authorization, contentType }),
  fc.record({
    method: fc.constant('DELETE'),
    url: fc.oneof(fc.constantFrom('does-not-exist', '..%2F..%2Fhealthz', '%2e%2e', '__proto__', '%E0%A4%A', '', '*'), fc.string({ maxLength: 20 }).map(encodeURIComponent)).map(id => `/__admin/models/${id}`),
    body: fc.constant(undefined),
    authorization,
    contentType
  }),
  fc.record({ method: fc.constantFrom('GET', 'DELETE', 'PUT', 'POST', 'OPTIONS'), url: fc.constantFrom('/__admin', '/__admin/', '/__admin/settings', '/__admin/reset', '/__admin/requests', '/__admin/next'), body: fc.option(fc.json({ maxDepth: 1 }), { nil: undefined }), authorization, contentType })
)

t.test('generated admin requests: refusals change nothing, acceptances are served, a reset restores the fixtures', async t => {
  const app = await appFor(t, { adminKey: ADMIN_KEY, apiKeys: [API_KEY] })
  const fingerprint = await catalogFingerprint(app, `Bearer ${API_KEY}`)
  const prototypes = prototypeKeys()
  const statuses = new Map<number, number>()

  await fc.assert(fc.asyncProperty(adminRequest, async ({ method, url, body, authorization, contentType }) => {
    const catalogBefore = app.catalogStore.current
    const settingsBefore = JSON.stringify(app.controls.settings.view())
    const queueBefore = JSON.stringify(app.controls.next.list())
    const response = await within(5000, `${method} ${url}`, app.inject({
      method: method as 'GET',
      url,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': contentType }) },
      payload: body
    }))
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
    const broken = brokenInvariant(method, response)
    if (broken !== undefined) throw new Error(`${method} ${url}: ${broken}`)
    const admitted = authorization === `Bearer ${ADMIN_KEY}` || authorization === `bearer ${ADMIN_KEY}`
    // A CORS preflight (OPTIONS) carries no credentials by design and says nothing but which headers are allowed.
    const preflight = method === 'OPTIONS' && response.statusCode === 204
    if (!admitted && !preflight && response.statusCode !== 401 && response.statusCode !== 404) throw new Error(`${method} ${url} with ${JSON.stringify(authorization)} answered ${response.statusCode}, not 401`)
    if (response.statusCode >= 400) {
      if (app.catalogStore.current !== catalogBefore) throw new Error(`a refused ${method} ${url} (${response.statusCode}) changed the catalog`)
      if (JSON.stringify(app.controls.settings.view()) !== settingsBefore) throw new Error(`a refused ${method} ${url} (${response.statusCode}) changed the settings`)
      if (JSON.stringify(app.controls.next.list()) !== queueBefore) throw new Error(`a refused ${method} ${url} (${response.statusCode}) changed the queue of next responses`)
    }
    if (method === 'POST' && url === '/__admin/models' && response.statusCode < 300) {
      // An accepted model is served exactly as the admin API echoed it.
      const model = response.json() as { id: string }
      const served = await app.inject({ url: `/api/v1/models/${model.id}`, headers: { authorization: `Bearer ${API_KEY}` } })
      if (served.statusCode !== 200 || served.body !== response.body) throw new Error(`accepted model ${model.id} is served as ${served.statusCode} ${served.body.slice(0, 200)}`)
    }
  }), { seed: SEED, numRuns: runs(400), endOnFailure: true })

  const statusList = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')
  t.comment(`statuses ${statusList}`)
  t.ok(statuses.has(400) && statuses.has(401) && statuses.has(200), `refusals and acceptances both came up: ${statusList}`)
  t.equal(prototypeKeys(), prototypes, 'no prototype gained a property')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.equal((await app.inject({ method: 'POST', url: '/__admin/reset', headers: { authorization: `Bearer ${ADMIN_KEY}` } })).statusCode, 200)
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the server is healthy')
  t.equal(await catalogFingerprint(app, `Bearer ${API_KEY}`), fingerprint, 'after a reset every catalog answer is what it was')
  t.same(app.controls.settings.view(), { auth: 'optional', controls: true, latency: null, errorRate: 0, rateLimit: null, abuseBlock: false }, 'and so are the settings')
})

t.test('without the admin key nothing under /__admin answers but an error (401 on every admin route), whatever the input', async t => {
  const app = await appFor(t, { adminKey: ADMIN_KEY, apiKeys: [API_KEY] })
  const fingerprint = await catalogFingerprint(app, `Bearer ${API_KEY}`)
  const catalog = app.catalogStore.current
  const settings = JSON.stringify(app.controls.settings.view())
  const journalSize = app.controls.journal?.size
  const wrongKey = fc.oneof(fc.constantFrom(`Bearer ${API_KEY}`, `Bearer ${ADMIN_KEY} `, `Bearer  ${ADMIN_KEY}x`, `Bearer ${ADMIN_KEY}\u00e9`, 'Bearer', ''), fc.string({ maxLength: 30 }).map(text => `Bearer ${text}`))
  await fc.assert(fc.asyncProperty(adminRequest, wrongKey, async (request, authorization) => {
    fc.pre(authorization.trim() !== `Bearer ${ADMIN_KEY}` && !/^bearer +prop-admin-secret *$/i.test(authorization))
    const response = await app.inject({ method: request.method as 'GET', url: request.url, headers: { authorization, 'content-type': 'application/json' }, payload: request.body })
    const preflight = request.method === 'OPTIONS' && response.statusCode === 204
    // Paths that are no admin route (`/__admin/models/`) may fail on their body before the 404: still nothing reached.
    if (!preflight && response.statusCode < 400) throw new Error(`${request.method} ${request.url} with ${JSON.stringify(authorization)}: ${response.statusCode}`)
    if (app.catalogStore.current !== catalog || JSON.stringify(app.controls.settings.view()) !== settings || app.controls.journal?.size !== journalSize) {
      throw new Error(`${request.method} ${request.url} with ${JSON.stringify(authorization)} changed the emulator's state`)
    }
    if (response.statusCode === 401 && response.body !== '{"error":"Authentication failed"}') throw new Error(`401 body ${response.body}`)
  }), { seed: SEED, numRuns: runs(300), endOnFailure: true })
  t.equal(await catalogFingerprint(app, `Bearer ${API_KEY}`), fingerprint, 'the catalog is unchanged')
})
