// End to end through the real command line: a captured answer, a directory of captures and the models/ layout are served; --strict refuses deviations.
import { join } from 'node:path'
import t from '../helpers/tap.js'
import type { Closable } from '../helpers/fixtures.js'
import { fixtureDir, imageModel, textModel } from '../helpers/fixtures.js'
import { decemberCapture } from '../helpers/captures.js'
import { spawnEmulator, startServerProcess } from '../helpers/server-process.js'

const headers = { authorization: 'Bearer any-key' }

async function served (t: Closable, fixtures: string, args: Record<string, string> = {}): Promise<{ ids: string[], health: Record<string, unknown>, log: string }> {
  const server = await startServerProcess({ VENICE_MOCK_FIXTURES: fixtures, ...args })
  t.teardown(() => server.child.kill('SIGKILL'))
  const body = await (await fetch(`${server.url}/api/v1/models?type=all`, { headers })).json() as { data: Array<{ id: string }> }
  const health = await (await fetch(`${server.url}/healthz`)).json() as Record<string, unknown>
  server.child.kill('SIGTERM')
  await server.exited
  return { ids: body.data.map(model => model.id), health, log: server.output().stdout }
}

t.test('one captured file: a December-2025 capture is served as given, its deviations logged and counted', async t => {
  const capture = await decemberCapture()
  const directory = await fixtureDir(t, { 'venice.json': capture })
  const { ids, health, log } = await served(t, join(directory, 'venice.json'))
  t.same(ids, capture.data.map(model => model.id))
  t.match(health, { status: 'ok', models: 62, deviations: 100 })
  t.match(log, /"deviations":100,.*catalog served as given with 100 deviations from the published contract/)
})

t.test('a directory of captures and the models/ layout', async t => {
  const captures = await fixtureDir(t, {
    'text.json': { object: 'list', type: 'text', data: [textModel('chat')] },
    'image.json': { object: 'list', type: 'image', data: [imageModel('painter')] },
    'traits-text.json': { default: 'chat' }
  })
  t.same((await served(t, captures)).ids, ['painter', 'chat'])
  const layout = await fixtureDir(t, { 'models/a.json': [textModel('chat')], 'traits/text.json': { default: 'chat' } })
  const { ids, health } = await served(t, layout)
  t.same(ids, ['chat'])
  t.match(health, { status: 'ok', deviations: 0 })
})

t.test('--strict refuses a capture with deviations: exit 1, every deviation with its file and JSON path', async t => {
  const directory = await fixtureDir(t, { 'venice.json': await decemberCapture() })
  const server = spawnEmulator({ PORT: '0', VENICE_MOCK_FIXTURES: join(directory, 'venice.json') }, ['--strict'])
  t.teardown(() => server.child.kill('SIGKILL'))
  const [code] = await server.exited
  t.equal(code, 1)
  t.match(server.output().stderr, /refusing to start: 100 problems in fixture file .*venice\.json:\n {2}venice\.json data\[\d+\] \(id "[^"]+"\) model_spec\.capabilities\.supportsReasoningEffort: is required but missing/)
})
