// The package entry point exports what in-process users need.
import t from './helpers/tap.js'
import * as api from '../src/index.js'

t.test('the public API', async t => {
  t.same(Object.keys(api).sort(), [
    'BUILT_IN_FIXTURES', 'Catalog', 'ConfigError', 'DetailedError', 'FixtureError', 'Journal', 'LIST_FILTERS', 'MODEL_TYPES',
    'ModelCompatibilitySchema', 'ModelRejected', 'ModelResponse', 'ModelTraitSchema', 'NextResponseError', 'QueueFullError', 'StandardError', 'buildApp', 'loadCatalog', 'loadConfig', 'serve', 'startMock'
  ])
  const app = await api.buildApp(api.loadConfig({ LOG_LEVEL: 'silent', VENICE_MOCK_AUTH: 'off' }))
  t.teardown(() => app.close())
  t.equal((await app.inject({ url: '/api/v1/models?type=tts' })).json().data.length, 11)
})
