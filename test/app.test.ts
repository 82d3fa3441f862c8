// buildApp: the factory both tests and production use, including its logger choices.
import t from './helpers/tap.js'
import { buildApp } from '../src/app.js'
import { loadCatalog } from '../src/catalog/load-catalog.js'
import { builtInCatalog, testConfig, textModel, fixtureDir, auth } from './helpers/app.js'

t.test('pretty logs when asked for, JSON otherwise; the app works either way', async t => {
  const { default: fs } = await import('node:fs')
  // Pretty lines go to file descriptor 1 through pino-pretty's synchronous writer; JSON lines through process.stdout.
  const written: string[] = []
  const { writeSync } = fs
  const { write } = process.stdout
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 1) return (writeSync as (...args: unknown[]) => number)(fd, data, ...rest)
    written.push(String(data))
    return Buffer.byteLength(String(data))
  }) as typeof fs.writeSync
  process.stdout.write = ((chunk: unknown) => { written.push(String(chunk)); return true }) as typeof process.stdout.write
  t.teardown(() => { fs.writeSync = writeSync; process.stdout.write = write })
  const lines: Record<string, string> = {}
  // Under tap, standard output is not a terminal: `auto` means JSON.
  for (const logFormat of ['pretty', 'json', 'auto'] as const) {
    const app = await buildApp(testConfig({ logFormat, logLevel: 'info' }))
    t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, logFormat)
    written.length = 0
    app.log.info(`a line in ${logFormat}`)
    lines[logFormat] = written.join('')
    await app.close()
  }
  t.match(lines.pretty, /INFO.*a line in pretty/)
  t.throws(() => JSON.parse(lines.pretty), 'pretty is not JSON')
  t.match(JSON.parse(lines.json), { level: 30, msg: 'a line in json' })
  t.match(JSON.parse(lines.auto), { level: 30, msg: 'a line in auto' })
})

t.test('an already loaded catalog can be handed in instead of a directory', async t => {
  const catalog = await loadCatalog(await fixtureDir(t, { 'models/a.json': [textModel('handed-in')] }))
  const app = await buildApp(testConfig({ fixturesDir: '/does/not/matter' }), { catalog })
  t.teardown(() => app.close())
  t.same((await app.inject({ url: '/api/v1/models', headers: auth })).json().data.map((model: { id: string }) => model.id), ['handed-in'])
})

t.test('a broken fixture directory makes buildApp fail with the problems', async t => {
  await t.rejects(buildApp(testConfig({ fixturesDir: '/nonexistent' })), { name: 'FixtureError' })
})

t.test('the journal leaves out the emulator’s own routes by their configuration, not look-alikes or wrong routes', async t => {
  const app = await buildApp(testConfig({ adminKey: 'admin-key' }), { catalog: await builtInCatalog() })
  t.teardown(() => app.close())
  // The 404s of the two prefixes are theirs too: a file the docs page lacks, an admin route that does not exist.
  const own = ['/__admin', '/__admin/requests?x=1', '/__admin/nope', '/docs', '/docs/', '/docs/static/swagger-ui.css', '/docs/static/a.css', '/docs/a/b', '/healthz', '/healthz?probe=1', '/openapi.json', '/openapi.yaml']
  const recorded = ['/api/v1/models', '/docsx', '/healthzz', '/openapi.jsonx', '/v1/docs', '/__administrator', '/healthz/x']
  for (const url of [...own, ...recorded]) await app.inject({ url, headers: { authorization: 'Bearer admin-key' } })
  t.same(app.controls.journal?.list().map(entry => entry.path).reverse(), recorded)
})

t.test('the journal leaves out preflights to the emulator’s own prefixes, not those of the API', async t => {
  for (const adminKey of ['admin-key', null]) {
    const app = await buildApp(testConfig({ adminKey, cors: '*' }), { journal: true, catalog: await builtInCatalog() })
    t.teardown(() => app.close())
    const preflight = { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' }
    for (const url of ['/docs', '/docs/static/x', '/__admin', '/__admin/settings', '/api/v1/models']) {
      // The admin API fails preflights unless CORS lists origins (401 without the key); the others are answered.
      const status = adminKey !== null && url.startsWith('/__admin/') ? 401 : 204
      t.equal((await app.inject({ method: 'OPTIONS', url, headers: preflight })).statusCode, status, url)
    }
    t.same(app.controls.journal?.list().map(entry => entry.path), ['/api/v1/models'], `admin key: ${String(adminKey)}`)
  }
})

t.test('a request timeout must be positive: 0 would make Node check connections in a busy loop', async t => {
  for (const requestTimeoutMs of [0, -1, Number.NaN]) {
    await t.rejects(buildApp(testConfig(), { requestTimeoutMs }), { name: 'RangeError', message: /requestTimeoutMs must be a positive number/ })
  }
})

t.test('the shared schemas pass the JSON Schema meta-schema in strict mode (buildApp skips that check to start faster)', async t => {
  const { Ajv } = await import('ajv')
  const app = await buildApp(testConfig(), { catalog: await builtInCatalog() })
  t.teardown(() => app.close())
  const ajv = new Ajv({ strict: true, validateSchema: true })
  const schemas = Object.values(app.getSchemas())
  t.ok(schemas.length >= 6)
  for (const schema of schemas) ajv.addSchema(schema as object)
  for (const schema of schemas) t.ok(ajv.getSchema((schema as { $id: string }).$id), (schema as { $id: string }).$id)
})
