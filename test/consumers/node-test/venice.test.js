// node:test consumer: ESM import of the installed package, the OpenAI SDK pointed at startMock().url.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import OpenAI from 'openai'
import { startMock } from 'venice-models-mock'

let mock
before(async () => { mock = await startMock({ apiKeys: 'consumer-key' }) })
after(() => mock.close())

test('the OpenAI SDK lists and retrieves models', async () => {
  const client = new OpenAI({ baseURL: mock.url, apiKey: 'consumer-key' })
  const ids = []
  for await (const model of client.models.list()) ids.push(model.id)
  assert.ok(ids.length > 0)
  const model = await client.models.retrieve(ids[0])
  assert.equal(model.id, ids[0])
  assert.equal(mock.journal.list()[0].headers.authorization, 'Bearer [redacted]')
})

test('a forced 429 is one request with maxRetries: 0', async () => {
  mock.reset()
  const client = new OpenAI({ baseURL: mock.url, apiKey: 'consumer-key', maxRetries: 0 })
  await assert.rejects(client.models.list({ headers: { Prefer: 'code=429' } }), { status: 429 })
  assert.equal(mock.journal.list().length, 1, 'the SDK did not retry')
})

test('the command line is installed', async () => {
  const { execFile } = await import('node:child_process')
  const { promisify } = await import('node:util')
  const { stdout } = await promisify(execFile)('npx', ['--no-install', 'venice-models-mock', 'check'])
  assert.match(stdout, /models/)
})
