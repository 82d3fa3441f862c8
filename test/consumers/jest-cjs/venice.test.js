// Jest consumer, default configuration (no ESM flags, no transform settings): require() of the package and startMock().
const { afterAll, beforeAll, expect, test } = require('@jest/globals')
const { BUILT_IN_FIXTURES, startMock } = require('venice-models-mock')

let mock
beforeAll(async () => { mock = await startMock({ apiKeys: 'jest-key' }) })
afterAll(() => mock.close())

test('startMock() serves the built-in catalog', async () => {
  const response = await fetch(`${mock.url}/models?type=all`, { headers: { authorization: 'Bearer jest-key' } })
  expect(response.status).toBe(200)
  const body = await response.json()
  expect(body.object).toBe('list')
  expect(body.data.length).toBeGreaterThan(0)
  expect(BUILT_IN_FIXTURES).toMatch(/venice-models-mock[\\/]fixtures$/)
})

test('forced errors and the journal', async () => {
  mock.reset()
  const response = await fetch(`${mock.url}/models/no-such-model`, { headers: { authorization: 'Bearer jest-key', prefer: 'code=503' } })
  expect(response.status).toBe(503)
  expect(mock.journal.list()).toHaveLength(1)
  // As live: no key is welcome, a key that is sent is checked.
  expect((await fetch(`${mock.url}/models`)).status).toBe(200)
  expect((await fetch(`${mock.url}/models`, { headers: { authorization: 'Bearer wrong-key' } })).status).toBe(401)
})
