// startMock: an emulator in the test process, on a free port, with its journal, setModels and reset.
import t from 'tap'
import { startMock } from '../src/start-mock.js'
import { imageModel, textModel } from './helpers/app.js'

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
  mock.setModels([bare, imageModel('and-this')])
  const swapped = await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k' } })).json() as { data: Array<{ id: string }> }
  t.same(swapped.data.map(model => model.id), ['only-this', 'and-this'])
  t.throws(() => mock.setModels([{ id: 'broken' }]), { name: 'ModelRejected', message: /model_spec: is required but missing/ })
  t.throws(() => mock.setModels([textModel('twice'), textModel('twice')]), { name: 'ModelRejected', message: /unique/ })

  mock.reset()
  t.equal(mock.journal.size, 0, 'the journal is emptied')
  const restored = await (await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer k' } })).json() as { data: unknown[] }
  t.equal(restored.data.length, 328)
})

t.test('options are settings, e.g. a key and a rate limit', async t => {
  const mock = await startMock({ apiKeys: ['only-key'], rateLimit: 1 })
  t.teardown(() => mock.close())
  t.equal((await fetch(`${mock.url}/models`)).status, 401)
  t.equal((await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer only-key' } })).status, 200)
  const limited = await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer only-key' } })
  t.equal(limited.status, 429)
  t.same(await limited.json(), { error: 'Rate limit exceeded' })
})
