// The real process and its signals: SIGTERM drains in-flight requests and exits 0, a second signal exits 1 at once,
// an uncaught error closes gracefully and exits 1.
import { connect } from 'node:net'
import { once } from 'node:events'
import t from '../helpers/tap.js'
import { startServerProcess, stdoutMatch, type ServerProcess } from '../helpers/server-process.js'

const IN_FLIGHT = 20
const RATE_LIMIT = 1000

async function connectOutcome (port: number): Promise<'connected' | 'refused'> {
  return await new Promise(resolve => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve('connected') })
    socket.once('error', () => resolve('refused'))
  })
}

/**
 * Resolves once `count` requests with `key` reached the server's controls: each counts against the key's rate limit
 * as it arrives, and a probe request reads what is left (probes count too).
 */
async function arrived (server: ServerProcess, key: string, count: number): Promise<void> {
  for (let probes = 1; ; probes++) {
    const response = await fetch(`${server.url}/api/v1/models/traits`, { headers: { authorization: `Bearer ${key}` } })
    await response.arrayBuffer()
    if (RATE_LIMIT - Number(response.headers.get('x-ratelimit-remaining-requests')) - probes >= count) return
  }
}

t.test('SIGTERM during delayed requests: all answered 200, then refused connections and exit 0 within 5 s', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_RATE_LIMIT: String(RATE_LIMIT) })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = Number(new URL(server.url).port)
  const requests = Array.from({ length: IN_FLIGHT }, async (_, index) => {
    const response = await fetch(`${server.url}/api/v1/models${index % 2 === 0 ? '?type=all' : '/elevenlabs/scribe-v2'}`, {
      headers: { authorization: 'Bearer shutdown-key', prefer: 'delay=3000' }
    })
    const body = await response.text()
    return { status: response.status, parses: (() => { try { JSON.parse(body); return true } catch { return false } })() }
  })
  await arrived(server, 'shutdown-key', IN_FLIGHT)
  const signalled = Date.now()
  server.child.kill('SIGTERM')
  const answers = await Promise.all(requests)
  t.same(answers.filter(answer => answer.status !== 200 || !answer.parses), [], `all ${IN_FLIGHT} in-flight requests answered 200 with a whole JSON body`)
  const [code] = await server.exited
  const took = Date.now() - signalled
  t.equal(code, 0, 'exit 0')
  t.ok(took < 5000, `exits within 5 s (${took} ms)`)
  t.equal(await connectOutcome(port), 'refused', 'a new connection is refused')
  t.match(server.output().stdout, /shutting down: finishing in-flight requests/)
  t.match(server.output().stdout, /shut down cleanly/)
})

t.test('after the signal, the listening socket is closed before in-flight requests finish', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_RATE_LIMIT: String(RATE_LIMIT) })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = Number(new URL(server.url).port)
  // fault=hang keeps a request in flight until shutdown ends it, so the process is still alive while we knock.
  const hanging = fetch(`${server.url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: 'fault=hang' } }).catch((error: unknown) => error)
  const delayed = fetch(`${server.url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: 'delay=2000' } })
    .then(async response => { await response.arrayBuffer(); return response })
  await arrived(server, 'k', 2)
  server.child.kill('SIGTERM')
  await stdoutMatch(server, /shutting down/)
  // The listening socket closes a few steps after that line; each attempt is one connection, no timer.
  let outcome = await connectOutcome(port)
  for (let attempt = 0; attempt < 10_000 && outcome === 'connected'; attempt++) outcome = await connectOutcome(port)
  t.equal(outcome, 'refused', 'new connections are refused once shutdown begins')
  t.equal((await delayed).status, 200, 'the delayed request is still answered')
  t.type(await hanging, Error, 'the hanging request is ended, not waited for')
  const [code] = await server.exited
  t.equal(code, 0)
})

t.test('a second signal while draining exits 1 at once', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_ADMIN_KEY: 'admin-key' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const { port } = new URL(server.url)
  // A body that never finishes keeps its request in flight, which the drain waits for (up to the 30 s request timeout).
  const uploading = connect(Number(port), '127.0.0.1')
  await once(uploading, 'connect')
  t.teardown(() => uploading.destroy())
  await new Promise<void>(resolve => uploading.write('POST /__admin/models HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer admin-key\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":', () => resolve()))
  // Written before this request was even sent: the server has read it by the time this one is answered.
  await (await fetch(`${server.url}/healthz`)).arrayBuffer()
  const started = Date.now()
  server.child.kill('SIGTERM')
  await stdoutMatch(server, /shutting down/)
  server.child.kill('SIGINT')
  const [code] = await server.exited
  t.equal(code, 1, 'exit 1')
  t.ok(Date.now() - started < 5000, `without waiting for the request (${Date.now() - started} ms)`)
  t.match(server.output().stdout, /second SIGINT, exiting/)
  t.notMatch(server.output().stdout, /shut down cleanly/)
})

t.test('an uncaught error is logged, in-flight requests finish, and the process exits 1', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_RATE_LIMIT: String(RATE_LIMIT) },
    ['--import', new URL('./throw-on-sigwinch.mjs', import.meta.url).href])
  t.teardown(() => { server.child.kill('SIGKILL') })
  const delayed = fetch(`${server.url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: 'delay=1500' } })
  await arrived(server, 'k', 1)
  server.child.kill('SIGWINCH')
  const answer = await delayed
  await answer.arrayBuffer()
  t.equal(answer.status, 200, 'the in-flight request is answered')
  const [code] = await server.exited
  t.equal(code, 1)
  const lines = server.output().stdout.split('\n').filter(line => line !== '').map(line => JSON.parse(line))
  t.match(lines.find(line => /uncaught error/.test(line.msg)), { level: 60, err: { message: 'uncaught on purpose' } })
  t.match(server.output().stdout, /shut down cleanly/)
})
