// startMock: an emulator in the test process, on a free port, with its journal, setModels and reset.
import t from './helpers/tap.js'
import { startMock, type StartMockOptions } from '../src/start-mock.js'
import { fixtureDir, imageModel, textModel } from './helpers/app.js'

t.test('starts on a free 127.0.0.1 port, journals requests, swaps models, resets, closes', async t => {
  const mock = await startMock()
  t.teardown(() => mock.close())
  t.match(mock.url, /^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
  const list = await fetch(`${mock.url}/models?type=tts`, { headers: { authorization: 'Bearer in-process-key' } })
  t.equal(list.status, 200)
  t.equal(((await list.json()) as { data: unknown[] }).data.length, 11)
  const [entry] = mock.journal.list()
  t.match(entry, { method: 'GET', path: '/api/v1/models', query: { type: 'tts' }, status: 200, headers: { authorization: 'Bearer [redacted]' } })

  const { object, owned_by: ownedBy, ...bare } = textModel('only-this')
  t.ok(object && ownedBy)
  const compressed = mock.setModels([bare, imageModel('and-this')])
  const swapped = await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k' } })).json() as { data: Array<{ id: string }> }
  t.same(swapped.data.map(model => model.id), ['only-this', 'and-this'], 'served as soon as setModels returns')
  await compressed
  const encoded = await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k', 'accept-encoding': 'br' } })
  t.equal(encoded.headers.get('content-encoding'), 'br', 'and compressed once its promise settles')
  t.same(((await encoded.json()) as { data: Array<{ id: string }> }).data.map(model => model.id), ['only-this', 'and-this'])
  await t.rejects(mock.setModels([{ id: 'broken' }]), { name: 'ModelRejected', message: /model_spec: is required but missing/ })
  await t.rejects(mock.setModels([textModel('twice'), textModel('twice')]), { name: 'ModelRejected', message: /unique/ })
  t.same(((await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k' } })).json()) as { data: Array<{ id: string }> }).data.map(model => model.id),
    ['only-this', 'and-this'], 'a rejected set leaves the models served as they were')

  mock.reset()
  t.equal(mock.journal.size, 0, 'the journal is emptied')
  const restored = await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k' } })).json() as { data: unknown[] }
  t.equal(restored.data.length, 328)
})

t.test('options are settings, e.g. a key and a rate limit', async t => {
  const mock = await startMock({ apiKeys: ['only-key'], rateLimit: 1 })
  t.teardown(() => mock.close())
  t.equal((await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer wrong-key' } })).status, 401)
  t.equal((await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer only-key' } })).status, 200)
  const limited = await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer only-key' } })
  t.equal(limited.status, 429)
  t.same(await limited.json(), { error: 'Rate limit exceeded' })
})

t.test('options are checked like the environment, by their camelCase names', async t => {
  const { writeFile } = await import('node:fs/promises')
  const { join } = await import('node:path')
  const directory = await fixtureDir(t, {})
  await writeFile(join(directory, 'keys.json'), JSON.stringify({ 'beta-key': { beta: true }, 'plain-key': {} }))
  const mock = await startMock({ latency: '1-2', keysFile: join(directory, 'keys.json'), errorRate: 0, seed: 7, watch: false })
  t.teardown(() => mock.close())
  t.equal((await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer unknown' } })).status, 401)
  t.equal((await fetch(`${mock.url}/models/stealth-ox-alpha`, { headers: { authorization: 'Bearer plain-key' } })).status, 404)
  t.equal((await fetch(`${mock.url}/models/stealth-ox-alpha`, { headers: { authorization: 'Bearer beta-key' } })).status, 200)
  await t.rejects(startMock({ errorRate: 5 }), { name: 'ConfigError', message: /Invalid --error-rate/ })
  // What JavaScript callers (whom no type stops) get for a misspelt option or one that is not an option.
  await t.rejects(startMock({ latecny: '5' } as StartMockOptions), { name: 'ConfigError', message: /startMock: unknown option "latecny"/ })
  await t.rejects(startMock({ host: '0.0.0.0' } as StartMockOptions), { name: 'ConfigError', message: /unknown option "host"/ })
  await t.rejects(startMock({ fixturesDir: '/x' } as StartMockOptions), { name: 'ConfigError', message: /unknown option "fixturesDir"; the options are port, logLevel, .*fixtures, / })
})

t.test('fixtures: a fixture directory, named as the README names it', async t => {
  const directory = await fixtureDir(t, { 'models/a.json': [textModel('from-fixtures')] })
  const mock = await startMock({ fixtures: directory, apiKeys: 'one,two', cors: ['http://localhost:5173'], controls: 'off' })
  t.teardown(() => mock.close())
  const list = await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer two' } })).json() as { data: Array<{ id: string }> }
  t.same(list.data.map(model => model.id), ['from-fixtures'])
})

/**
 * Compile-time checks (npm run typecheck fails when one of these lines stops being an error): every option has the
 * type of its setting, and a misspelt or unknown option does not compile. Never called.
 */
export function optionTypes (): StartMockOptions[] {
  return [
    { rateLimit: 100, latency: '50-400', apiKeys: ['a', 'b'], watch: true, auth: 'optional', seed: 7, catalog: undefined },
    // @ts-expect-error a misspelt option
    { latecny: '5' },
    // @ts-expect-error the code's name of the setting, not the option's
    { fixturesDir: './catalog' },
    // @ts-expect-error host is always 127.0.0.1
    { host: '0.0.0.0' },
    // @ts-expect-error a rate limit is a number
    { rateLimit: '100' },
    // @ts-expect-error auth is one of required, optional, off
    { auth: 'sometimes' },
    // @ts-expect-error watch is a boolean
    { watch: 'yes' }
  ]
}

t.test('a port in use rejects, and leaves nothing running', async t => {
  const first = await startMock()
  t.teardown(() => first.close())
  const port = Number(new URL(first.url).port)
  await t.rejects(startMock({ port }), { code: 'EADDRINUSE' })
})
