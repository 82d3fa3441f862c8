// The unmodified OpenAI Node SDK and plain fetch against the real CLI with its defaults: no key, a key, a wrong key.
import t from '../helpers/tap.js'
import OpenAI from 'openai'
import type { Closable } from '../helpers/fixtures.js'
import { listeningUrl, spawnEmulator } from '../helpers/server-process.js'

/** What a promise rejects with; undefined when it resolves. */
async function rejection (promise: Promise<unknown>): Promise<unknown> {
  return await promise.then(() => undefined, (caught: unknown) => caught)
}

const ROUTES = ['/models', '/models/traits', '/models/compatibility_mapping', '/models/elevenlabs/scribe-v2']

/** The CLI with nothing set but a free port (and `env`); resolves with its API base URL once it listens. */
async function emulator (t: Closable, env: Record<string, string> = {}): Promise<string> {
  const server = spawnEmulator({ PORT: '0', ...env })
  t.teardown(async () => {
    server.child.kill('SIGTERM')
    await server.exited
  })
  return `${await listeningUrl(server)}/api/v1`
}

t.test('with the defaults: plain fetch and the SDK without a key, the SDK with any key', async t => {
  const baseURL = await emulator(t)
  for (const route of ROUTES) {
    const response = await fetch(`${baseURL}${route}`)
    t.equal(response.status, 200, `GET ${route} without any header`)
    t.match(await response.json(), route === ROUTES[3] ? { id: 'elevenlabs/scribe-v2' } : { object: 'list', type: 'text' })
  }

  // The SDK always sends `Authorization: Bearer <apiKey>` and throws without an apiKey; a null header removes it.
  const keyless = new OpenAI({ baseURL, apiKey: 'unused', defaultHeaders: { Authorization: null } })
  const listed = await keyless.models.list()
  t.ok(listed.data.length > 10, `models.list() without a key: ${listed.data.length} text models`)
  t.notOk(listed.data.some(model => model.id === 'stealth-ox-alpha'), 'no beta-only model for a caller without a key')
  t.equal((await keyless.models.retrieve('elevenlabs/scribe-v2')).id, 'elevenlabs/scribe-v2', 'models.retrieve(id) without a key')

  const keyed = new OpenAI({ baseURL, apiKey: 'any-key-at-all' })
  const all = await keyed.models.list()
  t.ok(all.data.some(model => model.id === 'stealth-ox-alpha'), 'with a key (no keys configured, any key) every model')
  t.equal((await keyed.models.retrieve('kimi-k2-6')).id, 'kimi-k2-6')

  // apiKey '' is not "no key": the SDK sends `Authorization: Bearer `, a malformed header, refused as a wrong key is.
  t.type(await rejection(new OpenAI({ baseURL, apiKey: '' }).models.list()), OpenAI.AuthenticationError, 'an empty apiKey is a malformed key')
})

t.test('with VENICE_MOCK_API_KEYS: a wrong key is an AuthenticationError, the right key and no key work', async t => {
  const baseURL = await emulator(t, { VENICE_MOCK_API_KEYS: 'right-key' })
  const wrong = new OpenAI({ baseURL, apiKey: 'wrong-key' })
  const error = await rejection(wrong.models.list())
  t.type(error, OpenAI.AuthenticationError, 'models.list() with a wrong key')
  t.match(error, { status: 401, error: 'Authentication failed' })
  t.equal((error as InstanceType<typeof OpenAI.AuthenticationError>).headers.get('www-authenticate'), 'Bearer')
  t.type(await rejection(wrong.models.retrieve('kimi-k2-6')), OpenAI.AuthenticationError, 'models.retrieve() with a wrong key')

  const right = new OpenAI({ baseURL, apiKey: 'right-key' })
  t.ok((await right.models.list()).data.length > 10)
  t.equal((await right.models.retrieve('elevenlabs/scribe-v2')).id, 'elevenlabs/scribe-v2')
  const keyless = new OpenAI({ baseURL, apiKey: 'unused', defaultHeaders: { Authorization: null } })
  t.ok((await keyless.models.list()).data.length > 10, 'no key is still fine, as live')
  for (const route of ROUTES) t.equal((await fetch(`${baseURL}${route}`)).status, 200, `GET ${route} without any header`)
})
