// Prefer: fault=<kind> on a real socket: reset, empty, malformed and hang, each seen as a client sees it.
import t from '../helpers/tap.js'
import { once } from 'node:events'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { MALFORMED_BODY } from '../../src/hooks/test-controls.js'
import { appFor, testConfig } from '../helpers/app.js'
import type { Closable } from '../helpers/fixtures.js'
import { emulatorAt } from '../helpers/servers.js'

const serverUrl = async (t: Closable) => await emulatorAt(t, { adminKey: 'admin' })

const request = async (url: string, fault: string, signal?: AbortSignal) =>
  await fetch(`${url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: `fault=${fault}` }, signal })

t.test('reset and empty: the client sees the connection fail', async t => {
  const { url } = await serverUrl(t)
  await t.rejects(request(url, 'reset'), { cause: { code: 'ECONNRESET' } })
  await t.rejects(request(url, 'empty'), /fetch failed/)
  t.equal((await fetch(`${url}/healthz`)).status, 200, 'the server is fine afterwards')
})

t.test('malformed: 200 and a body that is not JSON', async t => {
  const { url } = await serverUrl(t)
  const response = await request(url, 'malformed')
  t.equal(response.status, 200)
  t.equal(response.headers.get('content-type'), 'application/json; charset=utf-8')
  t.equal(response.headers.get('x-ratelimit-limit-requests'), '500')
  const text = await response.text()
  t.equal(text, MALFORMED_BODY)
  t.throws(() => JSON.parse(text))
})

t.test('hang: no answer until the client gives up; the journal records it; shutdown ends it', async t => {
  const { app, url } = await serverUrl(t)
  await t.rejects(request(url, 'hang', AbortSignal.timeout(300)), { name: 'TimeoutError' })
  const entries = app.controls.journal?.list() ?? []
  t.match(entries.map(entry => [entry.path, entry.status]), [['/api/v1/models', 0]])
  const arrived = once(app.server, 'request')
  const pending = request(url, 'hang').catch((error: unknown) => error)
  await arrived
  // Its hooks run on promises: one turn of the event loop and the request hangs.
  await nextTurn()
  const closing = Date.now()
  await app.close()
  t.ok(Date.now() - closing < 2000, `close does not wait for a hanging request (${Date.now() - closing} ms)`)
  t.type(await pending, Error, 'the hanging client sees the connection end')
})

t.test('faults are recorded in the journal with status 0 (no answer) or 200 (malformed)', async t => {
  const app = await appFor(t, { ...testConfig(), adminKey: 'admin' })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  await request(url, 'reset').catch(() => undefined)
  await request(url, 'empty').catch(() => undefined)
  await (await request(url, 'malformed')).text()
  t.same(app.controls.journal?.list().map(entry => entry.status), [200, 0, 0])
})
