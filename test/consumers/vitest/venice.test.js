// Vitest consumer: ESM import of the package, startMock() per file, setModels() and reset() between tests.
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { startMock } from 'venice-models-mock'

let mock
beforeAll(async () => { mock = await startMock({ apiKeys: 'vitest-key' }) })
afterEach(() => mock.reset())
afterAll(() => mock.close())

const get = (path) => fetch(`${mock.url}${path}`, { headers: { authorization: 'Bearer vitest-key' } })

test('serves the built-in catalog', async () => {
  const response = await get('/models?type=all')
  expect(response.status).toBe(200)
  expect((await response.json()).data.length).toBeGreaterThan(1)
})

test('setModels() replaces the catalog until reset()', async () => {
  await mock.setModels([{ id: 'vitest-model', type: 'text', model_spec: { privacy: 'private' } }])
  expect((await (await get('/models')).json()).data.map(model => model.id)).toEqual(['vitest-model'])
  mock.reset()
  expect((await get('/models/vitest-model')).status).toBe(404)
})
