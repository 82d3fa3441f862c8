// createVeniceHandlers(): the emulator behind MSW handlers answers like the server, with no port.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from './helpers/tap.js'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createVeniceHandlers, DEFAULT_BASE_URL } from '../src/msw.js'
import { fixtureDir } from './helpers/app.js'

const auth = { authorization: 'Bearer msw-key' }

t.test('answers the Venice API at its live address from the built-in catalog, with the server\'s rules', async t => {
  const venice = await createVeniceHandlers({ apiKeys: ['msw-key'], auth: 'required' })
  const server = setupServer(...venice.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(async () => { server.close(); await venice.close() })
  t.equal(DEFAULT_BASE_URL, 'https://api.venice.ai/api/v1')

  const list = await fetch(`${DEFAULT_BASE_URL}/models?type=image`, { headers: auth })
  t.equal(list.status, 200)
  const body = await list.json() as { object: string, type: string, data: unknown[] }
  t.match(body, { object: 'list', type: 'image' })
  t.ok(body.data.length > 0)
  const etag = list.headers.get('etag')
  t.ok(etag, 'an ETag')
  t.ok(list.headers.get('x-ratelimit-remaining-requests'), 'rate-limit headers')

  const cached = await fetch(`${DEFAULT_BASE_URL}/models?type=image`, { headers: { ...auth, 'if-none-match': etag as string } })
  t.equal(cached.status, 304)
  t.equal(await cached.text(), '', 'a 304 has no body')
  const head = await fetch(`${DEFAULT_BASE_URL}/models?type=image`, { method: 'HEAD', headers: auth })
  t.equal(head.status, 200)

  t.equal((await fetch(`${DEFAULT_BASE_URL}/models`)).status, 401, 'no key: 401')
  t.equal((await fetch(`${DEFAULT_BASE_URL}/models`, { headers: { authorization: 'Bearer other' } })).status, 401, 'unknown key: 401')
  const missing = await fetch(`${DEFAULT_BASE_URL}/models/no-such-model`, { headers: auth })
  t.equal(missing.status, 404)
  t.same(await missing.json(), { error: 'Specified model not found' })
  const invalid = await fetch(`${DEFAULT_BASE_URL}/models?type=bogus`, { headers: auth })
  t.equal(invalid.status, 400)
  t.match(await invalid.json(), { error: 'Invalid request parameters', issues: Array })
  const posted = await fetch(`${DEFAULT_BASE_URL}/models`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })
  t.equal(posted.status, 405, 'a method the API lacks is answered as the server answers it')

  const entries = venice.journal.list()
  t.equal(entries[0].path, '/api/v1/models', 'the journal records what the handlers answered')
  t.equal(entries[0].headers.authorization, 'Bearer [redacted]')
  venice.reset()
  t.equal(venice.journal.list().length, 0, 'reset empties the journal')
})

t.test('Prefer controls: forced statuses, a malformed body, and faults as network errors', async t => {
  const venice = await createVeniceHandlers()
  const server = setupServer(...venice.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(async () => { server.close(); await venice.close() })
  const get = (prefer: string, signal?: AbortSignal): Promise<Response> => fetch(`${DEFAULT_BASE_URL}/models`, { headers: { ...auth, prefer }, signal })

  const limited = await get('code=429')
  t.equal(limited.status, 429)
  t.equal(limited.headers.get('x-ratelimit-remaining-requests'), '0')
  t.same(await limited.json(), { error: 'Rate limit exceeded' })
  const malformed = await get('fault=malformed')
  t.equal(malformed.status, 200)
  await t.rejects(malformed.json(), SyntaxError)
  await t.rejects(get('fault=reset'), TypeError, 'reset: the client sees a network error')
  await t.rejects(get('fault=empty'), TypeError, 'empty: the client sees a network error')
  const hang = new AbortController()
  const hanging = get('fault=hang', hang.signal)
  // The journal records the fault once the app has taken the request over: then the client gives up.
  while (venice.journal.list().length < 5) await new Promise(resolve => setImmediate(resolve))
  hang.abort()
  await t.rejects(hanging, { name: 'AbortError' }, 'hang: no answer until the client gives up')
  t.same(venice.journal.list().map(entry => entry.status), [0, 0, 0, 200, 429])
})

t.test('options: a base URL, a keys file with personas, setModels, and server.use() overrides', async t => {
  const directory = await fixtureDir(t, {})
  await writeFile(join(directory, 'keys.json'), JSON.stringify({ 'beta-key': { beta: true }, 'plain-key': {}, lapsed: { status: 'inactive' } }))
  const baseUrl = 'http://venice.test/proxy/v1/'
  const venice = await createVeniceHandlers({ baseUrl, keysFile: join(directory, 'keys.json') })
  const server = setupServer(...venice.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  t.teardown(async () => { server.close(); await venice.close() })
  const base = 'http://venice.test/proxy/v1'
  const as = (key: string): RequestInit => ({ headers: { authorization: `Bearer ${key}` } })

  t.equal((await fetch(`${base}/models/stealth-ox-alpha`, as('plain-key'))).status, 404, 'a beta model is hidden from a plain key')
  t.equal((await fetch(`${base}/models/stealth-ox-alpha`, as('beta-key'))).status, 200, 'and served to a beta key')
  t.match(await (await fetch(`${base}/models`, as('lapsed'))).json(), { error: /Pro subscription is inactive/ })

  await venice.setModels([{ id: 'only-model', type: 'text', model_spec: { privacy: 'private' } }])
  t.same((await (await fetch(`${base}/models`, as('plain-key'))).json() as { data: Array<{ id: string }> }).data.map(model => model.id), ['only-model'])

  server.use(http.get(`${base}/models`, () => HttpResponse.json({ error: 'overridden' }, { status: 503 }), { once: true }))
  t.equal((await fetch(`${base}/models`, as('plain-key'))).status, 503, 'server.use() overrides one answer')
  await t.rejects(venice.setModels([{ id: 'no-type' }]), { name: 'ModelRejected' }, 'an invalid model rejects, as startMock\'s does')
  venice.next({ code: 429 }, { times: 2 })
  const retried = [await fetch(`${base}/models/traits`, as('plain-key')), await fetch(`${base}/models/traits`, as('plain-key')), await fetch(`${base}/models/traits`, as('plain-key'))]
  t.same(retried.map(response => response.status), [429, 429, 200], 'next responses, as on the server')
  t.equal(venice.nextResponses.size, 0)
  venice.reset()
  t.ok((await (await fetch(`${base}/models`, as('plain-key'))).json() as { data: unknown[] }).data.length > 1, 'reset brings the fixtures back')
  // @ts-expect-error a misspelt option is a compile error too
  await t.rejects(createVeniceHandlers({ latecny: '5' }), { name: 'ConfigError', message: /unknown option "latecny"/ })
})
