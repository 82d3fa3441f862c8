// JSON from clients, fixture files and keys files cannot pollute prototypes: `__proto__` and `constructor.prototype` are refused.
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from '../helpers/tap.js'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { readKeysFile } from '../../src/controls/personas.js'
import { appFor, fixtureDir, textModel } from '../helpers/app.js'
import { prototypeKeys } from '../property/invariants.js'

const POLLUTERS = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"id":"m","__proto__":{"polluted":true},"type":"text"}',
  '{"model_spec":{"__proto__":{"polluted":true}}}',
  '[{"__proto__":{"polluted":true}}]',
  '{"a":{"b":{"c":{"__proto__":{"polluted":true}}}}}'
]

t.test('admin bodies with __proto__ or constructor.prototype are refused and pollute nothing', async t => {
  const app = await appFor(t, { adminKey: 'adm' })
  const before = prototypeKeys()
  const catalog = app.catalogStore.current
  for (const payload of POLLUTERS) {
    for (const [method, url] of [['POST', '/__admin/models'], ['PATCH', '/__admin/settings']]) {
      const response = await app.inject({ method: method as 'POST', url, headers: { authorization: 'Bearer adm', 'content-type': 'application/json' }, payload })
      t.equal(response.statusCode, 400, `${method} ${url} ${payload}`)
    }
  }
  t.equal(app.catalogStore.current, catalog, 'the catalog is the same object')
  t.equal(prototypeKeys(), before)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('fixture files and keys files with __proto__ keys are reported, not loaded', async t => {
  const before = prototypeKeys()
  const model = JSON.stringify(textModel('m')).replace('{', '{"__proto__":{"polluted":true},')
  const directory = await fixtureDir(t, { 'models/a.json': `[${model}]`, 'traits/text.json': '{"__proto__":{"default":"m"}}' })
  await t.rejects(loadCatalog(directory), { name: 'FixtureError', problems: [{ file: 'models/a.json', message: /forbidden prototype property/ }, { file: 'traits/text.json', message: /forbidden prototype property/ }] })
  const keysFile = join(directory, 'keys.json')
  await writeFile(keysFile, '{"__proto__":{"status":"active"},"k":{}}')
  t.throws(() => readKeysFile(keysFile), /not valid JSON/)
  await writeFile(keysFile, '{"k":{"constructor":{"prototype":{"polluted":true}}}}')
  t.throws(() => readKeysFile(keysFile), /not valid JSON/)
  t.equal(prototypeKeys(), before)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('query strings with prototype keys are plain data to the journal and the routes', async t => {
  const app = await appFor(t, { adminKey: 'adm' })
  const before = prototypeKeys()
  for (const query of ['__proto__[polluted]=1', '__proto__.polluted=1', 'constructor[prototype][polluted]=1', '__proto__=x&__proto__=y']) {
    t.equal((await app.inject({ url: `/api/v1/models?${query}`, headers: { authorization: 'Bearer k' } })).statusCode, 200, query)
  }
  const entries = (await app.inject({ url: '/__admin/requests', headers: { authorization: 'Bearer adm' } })).json().data as Array<{ query: Record<string, unknown> }>
  t.same(entries.at(-1)?.query, { '__proto__[polluted]': '1' }, 'stored under its literal name')
  t.same(entries[0].query, { ['__proto__' as string]: ['x', 'y'] })
  t.equal(prototypeKeys(), before)
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})
