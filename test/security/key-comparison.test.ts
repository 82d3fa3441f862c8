// Key lookup is constant-time: every known key's digest goes through timingSafeEqual, with no early exit, whatever is presented.
import crypto from 'node:crypto'
import { syncBuiltinESMExports } from 'node:module'
import t from '../helpers/tap.js'
import { KeyDirectory, OPEN_PERSONA } from '../../src/controls/personas.js'
import { appFor } from '../helpers/app.js'

const KEYS = ['sk-alpha-0001', 'sk-alpha-0002', 'sk-beta-long-key-000000000000000003']

t.test('every lookup compares against every known key with timingSafeEqual, found or not', async t => {
  const calls: Array<[number, number]> = []
  // Node's own way to swap a built-in's export under modules that imported it by name (personas.ts does).
  const timingSafeEqual = crypto.timingSafeEqual
  crypto.timingSafeEqual = (a, b) => {
    calls.push([a.byteLength, b.byteLength])
    return timingSafeEqual(a, b)
  }
  syncBuiltinESMExports()
  t.teardown(() => {
    crypto.timingSafeEqual = timingSafeEqual
    syncBuiltinESMExports()
  })
  const directory = new KeyDirectory(new Map(KEYS.map(key => [key, OPEN_PERSONA])))
  const presented = ['sk-alpha-0001', 'sk-beta-long-key-000000000000000003', 'sk-alpha-000', 'sk-alpha-00011', 'x', 'k'.repeat(8192), 'SK-ALPHA-0001', 'sk-alpha-0001\u0000']
  for (const key of presented) {
    calls.length = 0
    const found = directory.lookup(key) !== undefined
    t.equal(found, KEYS.includes(key), `${JSON.stringify(key.slice(0, 20))} ${found ? 'found' : 'refused'}`)
    t.equal(calls.length, KEYS.length, 'compared with every known key, even after a match')
    t.ok(calls.every(([a, b]) => a === 32 && b === 32), 'fixed-length digests, so the key\'s length shows nowhere')
  }
})

t.test('prefixes, extensions, other cases and lengths of a real key are refused, on the API and the admin API', async t => {
  const app = await appFor(t, { apiKeys: ['sk-real-key-42'], adminKey: 'adm-real-key-42' })
  for (const [route, real] of [['/api/v1/models', 'sk-real-key-42'], ['/__admin/settings', 'adm-real-key-42']]) {
    t.equal((await app.inject({ url: route, headers: { authorization: `Bearer ${real}` } })).statusCode, 200, `${route}: the real key`)
    for (const near of [real.slice(0, -1), `${real}2`, real.toUpperCase(), `${real}\u0000`, real.slice(1), '', real.repeat(2)]) {
      const response = await app.inject({ url: route, headers: { authorization: `Bearer ${near}` } })
      t.equal(response.statusCode, 401, `${route}: ${JSON.stringify(near)} refused`)
    }
  }
  t.equal((await app.inject({ url: '/__admin/settings', headers: { authorization: 'Bearer sk-real-key-42' } })).statusCode, 401, 'an API key is no admin key')
  t.equal((await app.inject({ url: '/api/v1/models', headers: { authorization: 'Bearer adm-real-key-42' } })).statusCode, 401, 'the admin key is no API key')
})

t.test('without an admin key the admin API does not exist at all', async t => {
  const app = await appFor(t)
  for (const [method, url] of [['GET', '/__admin/requests'], ['PATCH', '/__admin/settings'], ['POST', '/__admin/reset'], ['POST', '/__admin/models'], ['DELETE', '/__admin/models/x']]) {
    const response = await app.inject({ method: method as 'GET', url, headers: { authorization: 'Bearer anything' } })
    t.equal(response.statusCode, 404, `${method} ${url}`)
  }
})
