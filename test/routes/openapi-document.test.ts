// The OpenAPI document served at /openapi.json and /openapi.yaml: valid OpenAPI 3.1, describing the models routes.
import t from '../helpers/tap.js'
import { Validator } from '@seriousme/openapi-schema-validator'
import { parse as parseYaml } from 'yaml'
import { appFor } from '../helpers/app.js'

t.test('the document is a valid OpenAPI 3.1 document describing the models routes', async t => {
  const app = await appFor(t)
  const yaml = await app.inject({ url: '/openapi.yaml' })
  const json = await app.inject({ url: '/openapi.json' })
  t.equal(yaml.headers['content-type'], 'application/yaml; charset=utf-8')
  t.equal(json.headers['content-type'], 'application/json; charset=utf-8')
  const document = json.json()
  t.same(parseYaml(yaml.body), document, 'the YAML and JSON forms agree')
  t.equal((await app.inject({ url: '/openapi.json' })).body, json.body, 'served from the cache the second time')
  const result = await new Validator().validate(document)
  t.same(result.errors, undefined, 'no validation errors')
  t.ok(result.valid)
  t.equal(document.openapi, '3.1.0')
  t.same(Object.keys(document.paths).sort(), ['/api/v1/models', '/api/v1/models/compatibility_mapping', '/api/v1/models/traits', '/api/v1/models/{id}', '/healthz'])
  const list = document.paths['/api/v1/models'].get
  t.equal(list.operationId, 'listModels')
  t.same(Object.keys(list.responses).sort(), ['200', '304', '400', '401', '402', '403', '415', '429', '500', '503', '504'])
  t.same(list.security, [{}, { BearerAuth: [] }], 'by default a key is optional, as the reference marks these operations')
  t.same(document.paths['/api/v1/models/{id}'].get.parameters[0].name, 'id')
  t.same(Object.keys(document.paths['/api/v1/models/{id}'].get.responses).sort(), ['200', '304', '400', '401', '402', '403', '404', '415', '429', '500', '503', '504'])
  for (const name of ['ModelResponse', 'StandardError', 'DetailedError', 'ModelTraitSchema', 'ModelCompatibilitySchema']) {
    t.ok(document.components.schemas[name], `component ${name} keeps its name`)
  }
})

t.test('the models operations document the Prefer header, so "Try it out" on /docs can send it; others do not', async t => {
  const app = await appFor(t)
  const document = (await app.inject({ url: '/openapi.json' })).json()
  for (const path of ['/api/v1/models', '/api/v1/models/traits', '/api/v1/models/compatibility_mapping', '/api/v1/models/{id}']) {
    const prefer = document.paths[path].get.parameters.find((parameter: { name: string }) => parameter.name === 'prefer')
    t.match(prefer, { in: 'header', required: false, schema: { type: 'string' }, description: /code=<status>.*429.*delay=<ms>.*fault=reset\|empty\|malformed\|hang/ }, path)
  }
  t.equal(document.paths['/healthz'].get.parameters, undefined, 'not the emulator\'s own routes')
  const response = await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer k', prefer: 'code=503, delay=200', 'x-anything': '1' } })
  t.equal(response.statusCode, 503, 'documented only: headers are still not validated, and Prefer works as before')
})

t.test('the security of the models routes follows the auth mode', async t => {
  for (const [auth, security] of [['required', [{ BearerAuth: [] }]], ['off', []]] as const) {
    const app = await appFor(t, { auth })
    t.same((await app.inject({ url: '/openapi.json' })).json().paths['/api/v1/models'].get.security, security, auth)
  }
})
