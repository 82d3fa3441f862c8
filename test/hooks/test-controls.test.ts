// Test controls through app.inject: forced statuses, delays, latency, random errors, the abuse block, and switching off.
import { once } from 'node:events'
import { setImmediate as nextTurn } from 'node:timers/promises'
import t from '../helpers/tap.js'
import { FORCED_MESSAGES } from '../../src/errors/api-error.js'
import { FORCEABLE_STATUSES } from '../../src/controls/prefer-header.js'
import { appFor, auth } from '../helpers/app.js'

const withPrefer = (prefer: string) => ({ ...auth, prefer })

t.test('Prefer: code=<status> answers the live body of that status', async t => {
  const app = await appFor(t)
  for (const code of FORCEABLE_STATUSES) {
    const response = await app.inject({ url: '/api/v1/models', headers: withPrefer(`code=${code}`) })
    t.equal(response.statusCode, code)
    t.equal(response.json().error, FORCED_MESSAGES[code], String(code))
  }
  t.same((await app.inject({ url: '/api/v1/models', headers: withPrefer('code=400') })).json(), { error: 'Invalid request parameters', details: { _errors: [] }, issues: [] })
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('code=401') })).headers['www-authenticate'], 'Bearer')
  const limited = await app.inject({ url: '/api/v1/models/traits', headers: withPrefer('code=429') })
  t.equal(limited.headers['x-ratelimit-remaining-requests'], '0', 'a forced 429 says the window is used up')
  t.ok(Number(limited.headers['x-ratelimit-reset-requests']) * 1000 > Date.now(), 'and when it resets, for retry logic')
})

t.test('Prefer: delay, alone and combined; several preferences in one header or several headers', async t => {
  const app = await appFor(t)
  let started = Date.now()
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('delay=120') })).statusCode, 200)
  t.ok(Date.now() - started >= 115, 'the answer waited')
  started = Date.now()
  const both = await app.inject({ url: '/api/v1/models', headers: withPrefer('code=503, delay=100') })
  t.equal(both.statusCode, 503)
  t.ok(Date.now() - started >= 95)
  t.equal((await app.inject({ url: '/api/v1/models', headers: { ...auth, prefer: ['code=504', 'delay=1'] } })).statusCode, 504)
})

t.test('a bad preference is a 400 that says what is wrong, never ignored', async t => {
  const app = await appFor(t)
  for (const [prefer, message] of [['example=x', /Unknown preference "example"/], ['code=299', /code/], ['delay=600000', /delay/], ['fault=explode', /fault/]] as const) {
    const response = await app.inject({ url: '/api/v1/models', headers: withPrefer(prefer) })
    t.equal(response.statusCode, 400, prefer)
    t.match(response.json(), { error: message })
  }
})

t.test('controls off: the Prefer header is ignored, as production would', async t => {
  const app = await appFor(t, { controls: false })
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('code=503') })).statusCode, 200)
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('nonsense') })).statusCode, 200)
})

t.test('controls apply to the API, after authentication, and not to health', async t => {
  const app = await appFor(t, { auth: 'required' })
  t.equal((await app.inject({ url: '/api/v1/models', headers: { prefer: 'code=503' } })).statusCode, 401)
  t.equal((await app.inject({ url: '/healthz', headers: { prefer: 'code=503' } })).statusCode, 200)
})

t.test('global latency: fixed or a range', async t => {
  const app = await appFor(t, { latency: { minMs: 80, maxMs: 80 } })
  const started = Date.now()
  await app.inject({ url: '/api/v1/models', headers: auth })
  t.ok(Date.now() - started >= 75)
})

t.test('random errors: a rate of 1 always fails, a seeded rate fails the same requests every run', async t => {
  const always = await appFor(t, { errorRate: 1 })
  const failure = await always.inject({ url: '/api/v1/models', headers: auth })
  t.equal(failure.statusCode, 500)
  t.same(failure.json(), { error: 'An unknown error occurred' })
  const run = async () => {
    const app = await appFor(t, { errorRate: 0.5, seed: 'reproducible' })
    const statuses: number[] = []
    for (let index = 0; index < 40; index++) statuses.push((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode)
    return statuses
  }
  const first = await run()
  t.same(await run(), first, 'the same seed, the same failures')
  t.ok(first.includes(500) && first.includes(200), 'some fail, some do not')
})

t.test('the abuse block: more than 20 failures in 30 s block the key for 30 s', async t => {
  const app = await appFor(t, { abuseBlock: true })
  for (let index = 0; index < 21; index++) await app.inject({ url: '/api/v1/models/no-such-model', headers: auth })
  const blocked = await app.inject({ url: '/api/v1/models', headers: auth })
  t.equal(blocked.statusCode, 429)
  t.same(blocked.json(), { error: 'Too many failed attempts (> 20) resulting in a non-success status code. Please wait 30s and try again.' })
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer another-key' } })).statusCode, 200, 'other keys are not blocked')
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 200, 'nor is a caller without a key, counted by its address')
  t.equal(blocked.headers['x-ratelimit-remaining-requests'], '0')
  t.ok(Number(blocked.headers['retry-after']) > 0 && Number(blocked.headers['retry-after']) <= 30, 'Retry-After says how long the block lasts')
})

t.test('the abuse block also stops an address that keeps failing to log in', async t => {
  const app = await appFor(t, { abuseBlock: true, apiKeys: ['right'] })
  const statuses: number[] = []
  for (let index = 0; index < 23; index++) statuses.push((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong' } })).statusCode)
  t.same(statuses.slice(0, 21), Array(21).fill(401))
  t.same(statuses.slice(21), [429, 429], 'the 22nd attempt is blocked')
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer right' } })).statusCode, 429, 'even with the right key, from that address')
})

t.test('shutting down answers delayed requests at once instead of waiting out their delay', async t => {
  const app = await appFor(t, { latency: { minMs: 20_000, maxMs: 20_000 } })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const arrived = once(app.server, 'request')
  const pending = fetch(`${url}/api/v1/models/gpt-image-2`, { headers: auth })
  await arrived
  // Its hooks run on promises: one turn of the event loop and the request waits out its latency.
  await nextTurn()
  const started = Date.now()
  await app.close()
  const response = await pending
  t.equal(response.status, 200, 'the accepted request is answered')
  t.ok(Date.now() - started < 2000, 'promptly')
})

t.test('a global rate limit counts down truthfully per key', async t => {
  const app = await appFor(t, { rateLimit: 3 })
  const remaining: string[] = []
  for (let index = 0; index < 4; index++) {
    const response = await app.inject({ url: '/api/v1/models', headers: auth })
    remaining.push(`${response.statusCode}:${String(response.headers['x-ratelimit-remaining-requests'])}`)
  }
  t.same(remaining, ['200:2', '200:1', '200:0', '429:0'])
  const fresh = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer someone-else' } })
  t.equal(fresh.headers['x-ratelimit-remaining-requests'], '2', 'each key has its own window')
  const reset = Number(fresh.headers['x-ratelimit-reset-requests'])
  t.ok(reset * 1000 > Date.now() && reset * 1000 <= Date.now() + 61_000, 'reset is the Unix time the window ends')
})

t.test('next responses come after the key: a wrong key still gets 401 and leaves the queue alone', async t => {
  const app = await appFor(t, { auth: 'required', apiKeys: ['test-key-1'] })
  app.controls.next.add({ respond: { code: 429 } })
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer wrong' } })).statusCode, 401)
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 401)
  t.equal(app.controls.next.size, 1)
  const limited = await app.inject({ url: '/api/v1/models', headers: auth })
  t.same([limited.statusCode, limited.json(), limited.headers['x-ratelimit-remaining-requests']], [429, { error: 'Rate limit exceeded' }, '0'], 'the live 429, headers included')
  t.equal((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode, 200, 'then the catalog again')
})

t.test('Prefer on the same request wins over the queue, which waits for a request without one; with controls off the queue still applies', async t => {
  const app = await appFor(t)
  app.controls.next.add({ respond: { code: 503 } })
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('code=404') })).statusCode, 404)
  t.equal((await app.inject({ url: '/api/v1/models', headers: withPrefer('delay=1') })).statusCode, 200)
  t.equal(app.controls.next.size, 1, 'not used by requests that carry Prefer')
  t.equal((await app.inject({ url: '/api/v1/models', headers: auth })).statusCode, 503)

  const off = await appFor(t, { controls: false })
  off.controls.next.add({ respond: { code: 503 } })
  t.equal((await off.inject({ url: '/api/v1/models', headers: withPrefer('code=404') })).statusCode, 503, 'an ignored Prefer does not win')
})

t.test('the rate limiter does not count a queued answer, whose headers still show the window; a queued delay alone is an ordinary, counted request', async t => {
  const app = await appFor(t, { rateLimit: 2 })
  app.controls.next.add({ respond: { code: 500 }, times: 3 })
  app.controls.next.add({ respond: { delay: 30 } })
  const seen: string[] = []
  for (let index = 0; index < 6; index++) {
    const response = await app.inject({ url: '/api/v1/models', headers: auth })
    seen.push(`${response.statusCode}:${String(response.headers['x-ratelimit-limit-requests'])}:${String(response.headers['x-ratelimit-remaining-requests'])}`)
  }
  t.same(seen, ['500:2:2', '500:2:2', '500:2:2', '200:2:1', '200:2:0', '429:2:0'], 'queued answers show the caller\'s window without using it')
})

t.test('queued faults and delays behave as Prefer\'s; the journal records what was answered; match picks the requests', async t => {
  const app = await appFor(t, {}, { journal: true })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  app.controls.next.add({ respond: { fault: 'reset' }, match: { path: '/api/v1/models/*' } })
  app.controls.next.add({ respond: { code: 404, delay: 50 }, match: { type: 'image', method: 'GET' } })
  await t.rejects(fetch(`${url}/api/v1/models/traits`, { headers: auth }), 'the connection is reset')
  const started = Date.now()
  t.equal((await fetch(`${url}/api/v1/models?type=text`, { headers: auth })).status, 200, 'another type does not match')
  t.equal((await fetch(`${url}/api/v1/models?type=image`, { headers: auth })).status, 404)
  t.ok(Date.now() - started >= 45, 'after its delay')
  t.equal(app.controls.next.size, 0)
  t.same(app.controls.journal?.list().map(entry => `${entry.path}:${entry.status}`), ['/api/v1/models:404', '/api/v1/models:200', '/api/v1/models/traits:0'])
})

t.test('by default callers without a key are rate-limited and abuse-blocked per address, as live', async t => {
  const app = await appFor(t, { rateLimit: 2, abuseBlock: true })
  const keyless = async (remoteAddress: string, url = '/api/v1/models') => await app.inject({ url, remoteAddress })
  const statuses = [await keyless('10.0.0.1'), await keyless('10.0.0.1'), await keyless('10.0.0.1')].map(response => response.statusCode)
  t.same(statuses, [200, 200, 429], 'the global rate limit applies to an address without a key')
  t.equal((await keyless('10.0.0.2')).headers['x-ratelimit-remaining-requests'], '1', 'another address has its own window')
  t.equal((await app.inject({ url: '/api/v1/models', remoteAddress: '10.0.0.1', headers: auth })).statusCode, 200, 'a key from that address has its own window')

  const unlimited = await appFor(t, { abuseBlock: true })
  for (let index = 0; index < 21; index++) await unlimited.inject({ url: '/api/v1/models/no-such-model', remoteAddress: '10.0.0.3' })
  const blocked = await unlimited.inject({ url: '/api/v1/models', remoteAddress: '10.0.0.3' })
  t.equal(blocked.statusCode, 429, 'more than 20 failures without a key block the address')
  t.match(blocked.json(), { error: /^Too many failed attempts/ })
  t.equal((await unlimited.inject({ url: '/api/v1/models', remoteAddress: '10.0.0.3', headers: auth })).statusCode, 429, 'with a key too, from that address')
  t.equal((await unlimited.inject({ url: '/api/v1/models', remoteAddress: '10.0.0.4' })).statusCode, 200, 'other addresses are not blocked')
})

t.test('next responses match the path as the routes read it (decoded, no trailing slash), and GET matches HEAD', async t => {
  const app = await appFor(t)
  app.controls.next.add({ respond: { code: 503 }, match: { path: '/api/v1/models/elevenlabs/scribe-v2' } })
  app.controls.next.add({ respond: { code: 504 }, match: { path: '/api/v1/models', method: 'GET' } })
  t.equal((await app.inject({ url: '/api/v1/models/elevenlabs%2Fscribe-v2', headers: auth })).statusCode, 503, 'encoded slash')
  t.equal((await app.inject({ method: 'HEAD', url: '/api/v1/models/', headers: auth })).statusCode, 504, 'HEAD with a trailing slash')
  t.equal(app.controls.next.size, 0)
})
