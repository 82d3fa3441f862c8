// Hostile HTTP input, generated: no 5xx, no hang, every error in the live API's JSON shape, the server and catalog unharmed.
import { METHODS } from 'node:http'
import fc from 'fast-check'
import t from '../helpers/tap.js'
import { MODEL_TYPES } from '../../src/schemas/model-types.js'
import { appFor } from '../helpers/app.js'
import { brokenInvariant, catalogFingerprint, prototypeKeys, within, runs } from './invariants.js'

const GOOD_KEY = 'prop-good-key'
const OTHER_KEY = 'prop-other-key'
/** Fixed, so a failure reproduces; change it locally to explore further. */
const SEED = 20261124

/** Long values are written `<<x*3000>>` so a failure report stays readable; `expand` makes them real just before sending. */
const expand = (text: string): string => text.replace(/<<(.)\*(\d+)>>/g, (_match, unit: string, count: string) => unit.repeat(Number(count)))

const latin1Text = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).map(code => String.fromCharCode(code === 0x7f ? 0x20 : code)), maxLength })
const anyText = (maxLength: number) => fc.string({ unit: 'binary', maxLength })

/** Pieces of paths and queries that have broken routers and parsers before. */
const nastyPiece = fc.oneof(
  fc.constantFrom('..', '.', '%2e%2e', '%2F', '%2f', '%252F', '%00', '\u0000', '%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '//', '\\', ';', '#', '?', '&', '=', '+', '%20', ' ',
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'elevenlabs/scribe-v2', 'elevenlabs%2Fscribe-v2', 'traits', 'compatibility_mapping',
    'ünïcödé', '模型', '😀', '\u202e', '\ufeff', '<<x*3000>>', '<<A*1500>>'),
  anyText(12).map(encodeURIComponent),
  anyText(8)
)

const path = fc.tuple(
  fc.constantFrom('/api/v1/models', '/api/v1/models/', '/api/v1/models/traits', '/api/v1/models/compatibility_mapping', '/api/v1', '/api', '', '/healthz', '/openapi.json', '/openapi.yaml', '/docs', '/__admin/requests', '/__admin/settings', '/API/V1/MODELS'),
  // Half the paths are a route as it is, so the answers that matter most (200, 400, 405) come up often.
  fc.oneof(fc.constant([]), fc.array(nastyPiece, { minLength: 1, maxLength: 4 }))
).map(([prefix, pieces]) => pieces.length === 0 ? prefix || '/' : `${prefix}/${pieces.join('/')}`)

const queryKey = fc.oneof(
  fc.constantFrom('type', 'type', 'TYPE', 'type[]', 'type[0]', '__proto__', '__proto__[type]', 'constructor', 'constructor[prototype][polluted]', 'prototype', 'hasOwnProperty', 'toString', 'limit', ''),
  anyText(10)
)
const queryValue = fc.oneof(
  fc.constantFrom(...MODEL_TYPES, 'all', 'code', 'TEXT', 'Text', '', 'null', 'undefined', '[]', '{}', '__proto__', '%00', '%E0%A4%A', '%', 'text%00', '<<x*10000>>'),
  anyText(20)
)
/** Keys and values go in raw (broken percent-encoding and all) or properly encoded. */
const query = fc.array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 5 }).map(pairs =>
  pairs.map(([key, value, encode]) => encode ? `${encodeURIComponent(key)}=${encodeURIComponent(value)}` : `${key}=${value}`).join('&'))

const method = fc.oneof(
  fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  // Node's parser refuses any other method before the app sees it (test/e2e/client-errors.test.ts sends such garbage raw).
  fc.constantFrom(...METHODS.filter(name => name !== 'CONNECT'))
)

const authorization = fc.oneof(
  { arbitrary: fc.constant(`Bearer ${GOOD_KEY}`), weight: 3 },
  fc.constantFrom(
    `Bearer ${GOOD_KEY}`, `bearer ${GOOD_KEY}`, `BEARER ${GOOD_KEY}`, `Bearer   ${GOOD_KEY}`, `Bearer ${GOOD_KEY}   `, ` Bearer ${GOOD_KEY}`, `Bearer\t${GOOD_KEY}`,
    `Bearer ${GOOD_KEY} extra`, `Bearer ${GOOD_KEY}x`, `Bearer ${GOOD_KEY.slice(0, -1)}`, `Bearer ${OTHER_KEY}`, `Bearer ${GOOD_KEY.toUpperCase()}`,
    'Bearer', 'Bearer ', '', ' ', 'Basic cHJvcDprZXk=', `Token ${GOOD_KEY}`, GOOD_KEY, 'Bearer <<k*8192>>', 'Bearer gööd-kéy', 'Bearer \u00ff\u00fe'
  ),
  latin1Text(40),
  latin1Text(30).map(text => `Bearer ${text}`)
)

const headers = fc.record({
  authorization,
  'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'gzip, deflate, br', 'br;q=1, gzip;q=0.5', 'identity;q=0', '*', '*;q=0', 'gzip;q=abc', 'zstd', '', '<<x*4000>>'),
  'if-none-match': fc.oneof(fc.constantFrom('*', '"abc"', 'W/"abc"', '"', '', 'W/', '"<<e*2000>>"', '"a", "b", W/"c"'), latin1Text(30)),
  origin: fc.oneof(fc.constantFrom('http://localhost:3000', 'https://evil.example', 'null', '', 'file://', 'http://[::1]', 'http://<<x*2000>>.example'), latin1Text(30)),
  accept: fc.constantFrom('application/json', '*/*', 'text/html', 'application/yaml', '', 'x/y;q=abc'),
  'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', '', '*/*; a=', 'application/json;;;'),
  prefer: fc.constantFrom('delay=1', 'delay=0', 'code=abc', 'code=200', 'code=999', 'fault=nope', 'wait=5', 'respond-async', 'delay=-1', 'delay=1e9', '=', ',,,', '<<x*3000>>')
}, { requiredKeys: [] })

const body = fc.option(fc.oneof(
  fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{', 'null', '[]', '""', '<<[*5000>>', '\u0000\u0001', 'a=1&__proto__[polluted]=1'),
  fc.json({ maxDepth: 3 }),
  anyText(200),
  fc.constant('<<x*1048600>>')
), { nil: undefined })

const hostileRequest = fc.record({ method, path, query, headers, body })

t.test('generated hostile requests: no 5xx or hang, errors in the API shape, the server healthy and the catalog unchanged', async t => {
  const app = await appFor(t, { apiKeys: [GOOD_KEY], adminKey: 'prop-admin-key' })
  const fingerprint = await catalogFingerprint(app, `Bearer ${GOOD_KEY}`)
  const prototypes = prototypeKeys()
  let requests = 0
  const statuses = new Map<number, number>()

  await fc.assert(fc.asyncProperty(hostileRequest, async (generated) => {
    const { method } = generated
    const url = expand(generated.query === '' ? generated.path : `${generated.path}?${generated.query}`)
    const headers = Object.fromEntries(Object.entries(generated.headers).map(([name, value]) => [name, expand(value)]))
    const body = generated.body === undefined ? undefined : expand(generated.body)
    const response = await within(5000, `${method} ${url.slice(0, 100)}`, app.inject({ method: method as 'GET', url, headers, payload: body }))
      // A path such as `/\\` is a URL light-my-request cannot build (no client can send it through a URL API either);
      // Node's own parser answers what reaches it raw (test/e2e/client-errors.test.ts).
      .catch((error: NodeJS.ErrnoException) => { if (error.code === 'ERR_INVALID_URL') return undefined; throw error })
    fc.pre(response !== undefined)
    requests++
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1)
    const broken = brokenInvariant(method, response)
    if (broken !== undefined) throw new Error(`${method} ${url.slice(0, 300)}: ${broken}`)
  }), { seed: SEED, numRuns: runs(1000), endOnFailure: true })

  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'the server is healthy afterwards')
  t.equal(await catalogFingerprint(app, `Bearer ${GOOD_KEY}`), fingerprint, 'every catalog answer is byte for byte what it was')
  t.equal(prototypeKeys(), prototypes, 'no prototype gained a property')
  t.equal(({} as Record<string, unknown>).polluted, undefined)
  t.ok(statuses.size >= 5, `a spread of answers: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`)
  t.comment(`${requests} requests; statuses ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`).join(' ')}`)
})

t.test('bodies on GET and HEAD are ignored or refused, never a 5xx', async t => {
  const app = await appFor(t, { apiKeys: [GOOD_KEY] })
  await fc.assert(fc.asyncProperty(fc.constantFrom('GET', 'HEAD'), body, headers, async (method, generatedBody, generatedHeaders) => {
    const payload = generatedBody === undefined ? undefined : expand(generatedBody)
    const headers = { ...Object.fromEntries(Object.entries(generatedHeaders).map(([name, value]) => [name, expand(value)])), authorization: `Bearer ${GOOD_KEY}` }
    const response = await within(5000, method, app.inject({ method: method as 'GET', url: '/api/v1/models?type=image', headers, payload }))
    const broken = brokenInvariant(method, response)
    if (broken !== undefined) throw new Error(`${method} with a ${payload?.length ?? 0}-character body: ${broken}`)
  }), { seed: SEED, numRuns: runs(150), endOnFailure: true })
  t.pass('every answer kept the invariants')
})

t.test('query strings alone: unknown, repeated and prototype keys never change what a valid type answers', async t => {
  const app = await appFor(t, { apiKeys: [GOOD_KEY] })
  const reference = new Map<string, string>()
  for (const type of MODEL_TYPES) reference.set(type, (await app.inject({ url: `/api/v1/models?type=${type}`, headers: { authorization: `Bearer ${GOOD_KEY}` } })).body)
  const strayPairs = fc.array(fc.tuple(queryKey.filter(key => key.toLowerCase() !== 'type' && !key.startsWith('type')), queryValue), { maxLength: 4 })
  await fc.assert(fc.asyncProperty(fc.constantFrom(...MODEL_TYPES), strayPairs, async (type, pairs) => {
    const stray = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(expand(value))}`)
    // URLSearchParams decodes `type` only from the exact key; a stray one that decodes to it would be a real second type.
    if (pairs.some(([key]) => key === 'type')) return
    const url = `/api/v1/models?${[...stray, `type=${type}`].join('&')}`
    const response = await app.inject({ url, headers: { authorization: `Bearer ${GOOD_KEY}` } })
    if (response.statusCode !== 200 || response.body !== reference.get(type)) throw new Error(`${url.slice(0, 300)} answered ${response.statusCode}, not the ${type} list`)
  }), { seed: SEED, numRuns: runs(200), endOnFailure: true })
  t.pass('stray keys are ignored, as the live API\'s zod schema strips them')
})
