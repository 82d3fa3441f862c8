// openapi.yaml is what the route schemas generate (the drift check), and the swagger options behind it.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from './helpers/tap.js'
import { documentationConfig, renderOpenapiYaml } from '../src/openapi.js'
import { appFor, REPO_ROOT, testConfig } from './helpers/app.js'

t.test('the committed openapi.yaml is what `npm run openapi` generates (run it after changing a route schema)', async t => {
  const app = await appFor(t, documentationConfig(testConfig()))
  await app.ready()
  const committed = await readFile(join(REPO_ROOT, 'openapi.yaml'), 'utf8')
  t.equal(committed, renderOpenapiYaml(app), 'openapi.yaml is stale: run `npm run openapi` and commit the result')
})

t.test('schemas without an $id get a numbered component name', async t => {
  const { swaggerOptions } = await import('../src/openapi.js')
  const options = swaggerOptions() as { refResolver?: { buildLocalReference: (json: Record<string, unknown>, baseUri: string, fragment: string, index: number) => string } }
  const build = options.refResolver?.buildLocalReference
  t.equal(build?.({ $id: 'Named' }, '', '', 0), 'Named')
  t.equal(build?.({}, '', '', 3), 'def-3')
})
