// Keys never leak: at log level trace, in the journal and in every error body, a key sent as a credential appears nowhere.
import { Writable } from 'node:stream'
import t from '../helpers/tap.js'
import type { Closable } from '../helpers/fixtures.js'
import type { FastifyInstance } from 'fastify'
import { appFor } from '../helpers/app.js'

const API_KEY = 'sk-sec-api-7f3a9c1e5b'
const ADMIN_KEY = 'adm-sec-admin-2d8e4f6a0c'
const UNKNOWN_KEY = 'sk-sec-unknown-9b1d3f5h7j'
const SECRETS = [API_KEY, ADMIN_KEY, UNKNOWN_KEY]
const NAMES: Record<string, string> = { [API_KEY]: 'the API key', [ADMIN_KEY]: 'the admin key', [UNKNOWN_KEY]: 'an unknown key' }

async function observedApp (t: Closable): Promise<{ app: FastifyInstance, logs: () => string }> {
  let logs = ''
  const logStream = new Writable({ write (chunk, _encoding, done) { logs += String(chunk); done() } })
  const app = await appFor(t, { adminKey: ADMIN_KEY, apiKeys: [API_KEY], logLevel: 'trace', rateLimit: 1000, abuseBlock: true }, { logStream: logStream as never })
  return { app, logs: () => logs }
}

/** Every way a credential is meant to travel, right and wrong, to every kind of route. */
function credentialRequests (): Array<{ method?: string, url: string, headers: Record<string, string>, payload?: string }> {
  const urls = ['/api/v1/models', '/api/v1/models?type=bogus', '/api/v1/models/no-such-model', '/api/v1/models/traits', '/not-a-route', '/healthz', '/__admin/requests', '/__admin/settings']
  const authorizations = SECRETS.flatMap(key => [
    `Bearer ${key}`, `bearer ${key}`, `Bearer  ${key}  `, `Bearer ${key} trailing`, key, `Basic ${key}`, `Token ${key}`, `Bearer ${key}x`, `${key} Bearer`
  ])
  const requests: Array<{ method?: string, url: string, headers: Record<string, string>, payload?: string }> = []
  for (const url of urls) {
    for (const authorization of authorizations) requests.push({ url, headers: { authorization } })
    for (const key of SECRETS) {
      requests.push({ url, headers: { 'proxy-authorization': `Bearer ${key}` } })
      requests.push({ url, headers: { cookie: `session=${key}` } })
      requests.push({ url, headers: { authorization: `Bearer ${key}`, prefer: 'code=429' } })
      requests.push({ url, headers: { authorization: `Bearer ${key}`, prefer: 'code=500' } })
      requests.push({ method: 'POST', url, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, payload: '{' })
    }
  }
  return requests
}

t.test('credentials in Authorization, Proxy-Authorization and Cookie reach no log line (trace), journal entry or error body', async t => {
  const { app, logs } = await observedApp(t)
  const bodies: string[] = []
  const headers: string[] = []
  for (const request of credentialRequests()) {
    const response = await app.inject({ method: (request.method ?? 'GET') as 'GET', url: request.url, headers: request.headers, payload: request.payload })
    if (response.statusCode >= 400) bodies.push(response.body)
    headers.push(JSON.stringify(response.headers))
  }
  const journal = (await app.inject({ url: '/__admin/requests?limit=100000', headers: { authorization: `Bearer ${ADMIN_KEY}` } })).body
  t.ok(logs().split('\n').length > 300, `trace logging wrote a line per request (${logs().split('\n').length})`)
  t.ok(journal.length > 10_000, 'the journal holds the requests')
  for (const secret of SECRETS) {
    t.notOk(logs().includes(secret), `${NAMES[secret]} is in no log line`)
    t.notOk(journal.includes(secret), `${NAMES[secret]} is in no journal entry`)
    t.notOk(bodies.some(body => body.includes(secret)), `${NAMES[secret]} is in no error body`)
    t.notOk(headers.some(header => header.includes(secret)), `${NAMES[secret]} is in no response header`)
  }
  t.match(journal, /"authorization":"Bearer \[redacted\]"/, 'the journal shows that a key was sent, not which')
})

t.test('in-process journal and a failing request: the 500 is logged with its cause, still without the key', async t => {
  const { app, logs } = await observedApp(t)
  await app.inject({ method: 'PATCH', url: '/__admin/settings', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, payload: '{"errorRate":1}' })
  const response = await app.inject({ url: '/api/v1/models', headers: { authorization: `Bearer ${API_KEY}` } })
  t.equal(response.statusCode, 500)
  t.same(response.json(), { error: 'An unknown error occurred' })
  t.notOk(logs().includes(API_KEY) || logs().includes(ADMIN_KEY))
  t.notOk(JSON.stringify(app.controls.journal?.list()).includes(API_KEY))
})

t.test('keys a client puts where no credential belongs (URL, Prefer, X-Api-Key, admin inputs) are scrubbed from the journal and logs, and error bodies never send back the caller key', async t => {
  const { app, logs } = await observedApp(t)
  const bodies: string[] = []
  for (const request of [
    { url: `/api/v1/models?api_key=${API_KEY}`, headers: { authorization: `Bearer ${API_KEY}` } },
    { url: `/api/v1/models?api_key=${API_KEY.replace('-', '%2D')}` },
    { url: `/not-a-route/${API_KEY}`, headers: { authorization: `Bearer ${API_KEY}` } },
    { url: '/api/v1/models', headers: { 'x-api-key': API_KEY } },
    { url: '/api/v1/models', headers: { authorization: `Bearer ${API_KEY}`, prefer: `code=${API_KEY}` } },
    { url: `/api/v1/models?type=${API_KEY}`, headers: { authorization: `Bearer ${API_KEY}` } },
    { url: `/__admin/requests?since=${ADMIN_KEY}`, headers: { authorization: `Bearer ${ADMIN_KEY}` } }
  ]) {
    const response = await app.inject(request)
    t.doesNotThrow(() => response.json(), `${request.url}: the body stays valid JSON`)
    bodies.push(response.body)
  }
  const journal = (await app.inject({ url: '/__admin/requests', headers: { authorization: `Bearer ${ADMIN_KEY}` } })).body
  t.notOk(bodies.some(body => body.includes(API_KEY) || body.includes(ADMIN_KEY)), 'no error body sends the caller key back')
  t.notOk(journal.includes(API_KEY) || journal.includes(API_KEY.replace('-', '%2D')), 'the journal scrubs configured keys wherever they appear, however encoded')
  t.notOk(logs().includes(API_KEY) || logs().includes(ADMIN_KEY), 'log lines scrub configured keys in URLs')
})

t.test('error bodies are no oracle: a guessed configured key and a wrong guess come back alike', async t => {
  const { app } = await observedApp(t)
  const guess = async (word: string) => (await app.inject({ url: `/guess/${word}` })).json().error
  t.equal(await guess(ADMIN_KEY), `Not found: GET /guess/${ADMIN_KEY} is not a route of this API`, 'what the client sent, as sent')
  t.equal(await guess(API_KEY), `Not found: GET /guess/${API_KEY} is not a route of this API`)
  t.equal(await guess('not-a-key-at-all'), 'Not found: GET /guess/not-a-key-at-all is not a route of this API')
})
