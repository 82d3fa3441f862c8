// The unmodified OpenAI SDK, default retries, against a listening emulator: two queued 429s, then the list succeeds.
import t from '../helpers/tap.js'
import OpenAI from 'openai'
import { startMock } from '../../src/start-mock.js'
import { appFor } from '../helpers/app.js'

const KEY = 'sdk-test-key'
const ADMIN = 'sdk-test-admin'

interface Entry { status: number, headers: Record<string, string | string[]> }

/**
 * Oldest first: each request's status and the retry count the SDK sent, which shows the three requests came from
 * one `models.list()` call retrying by itself. The live 429 carries no Retry-After, so the SDK backs off by its own
 * default (0.5 s, then 1 s, less up to a quarter of jitter): the call takes 1.1 to 1.5 s.
 */
const attempts = (entries: Entry[]) => entries.toReversed().map(entry => `${entry.status}:${String(entry.headers['x-stainless-retry-count'])}`)

t.test('queued over the admin API: 429, 429, then the SDK\'s own third try lists the models', async t => {
  const app = await appFor(t, { adminKey: ADMIN, auth: 'required', apiKeys: [KEY] })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
  const queued = await fetch(`${url}/__admin/next`, { method: 'POST', headers: admin, body: JSON.stringify({ respond: { code: 429 }, times: 2, match: { path: '/api/v1/models', key: KEY } }) })
  t.equal(queued.status, 201)

  const client = new OpenAI({ baseURL: `${url}/api/v1`, apiKey: KEY })
  const page = await client.models.list()
  t.ok(page.data.length > 0, 'the list came through')
  t.ok(page.data.every(model => typeof model.id === 'string'))

  const journal = await (await fetch(`${url}/__admin/requests`, { headers: admin })).json() as { data: Entry[] }
  t.same(attempts(journal.data), ['429:0', '429:1', '200:2'], 'the journal shows 429, 429, 200')
  t.same(await (await fetch(`${url}/__admin/next`, { headers: admin })).json(), { object: 'list', data: [] }, 'the queue is empty afterwards')
})

t.test('queued in process with mock.next: the same', async t => {
  const mock = await startMock({ auth: 'required', apiKeys: [KEY] })
  t.teardown(() => mock.close())
  mock.next({ code: 429 }, { times: 2 })
  t.equal(mock.nextResponses.size, 1)

  const client = new OpenAI({ baseURL: mock.url, apiKey: KEY })
  const page = await client.models.list()
  t.ok(page.data.length > 0, 'the list came through')
  t.same(attempts(mock.journal.list()), ['429:0', '429:1', '200:2'], 'the journal shows 429, 429, 200')
  t.equal(mock.nextResponses.size, 0, 'the queue is empty afterwards')

  mock.next({ code: 500 }, { match: { path: '/api/v1/models' } })
  mock.reset()
  t.equal(mock.nextResponses.size, 0, 'reset clears the queue')
  t.throws(() => mock.next({ code: 299 as 429 }), { name: 'NextResponseError', problems: [{ path: 'respond.code' }] })
})
