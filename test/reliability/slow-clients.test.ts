// Slow and oversized clients: slowloris connections neither stall other clients nor shutdown; oversized headers get a 431.
import { connect, type Socket } from 'node:net'
import t from '../helpers/tap.js'
import { BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MS } from '../../src/app.js'
import { appFor } from '../helpers/app.js'

const SLOW_CLIENTS = 100

/** Opens a connection that sends a request line and then one header byte every `everyMs`, never finishing. */
function slowloris (port: number, everyMs: number): { socket: Socket, stop: () => void } {
  const socket = connect(port, '127.0.0.1', () => socket.write('GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-Slow: '))
  socket.on('error', () => undefined)
  const timer = setInterval(() => { if (socket.writable) socket.write('a') }, everyMs)
  return { socket, stop: () => { clearInterval(timer); socket.destroy() } }
}

async function rawAnswer (port: number, request: string): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request))
    let answer = ''
    socket.on('data', chunk => { answer += String(chunk) })
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}

t.test('the limits are the documented ones', async t => {
  const app = await appFor(t)
  t.equal(BODY_LIMIT_BYTES, 1024 * 1024, 'bodies: 1 MiB')
  t.equal(REQUEST_TIMEOUT_MS, 30_000, 'a whole request within 30 s')
  t.equal(app.server.requestTimeout, REQUEST_TIMEOUT_MS, 'set on the HTTP server')
  t.equal(app.server.headersTimeout, REQUEST_TIMEOUT_MS, 'headers get no longer than the whole request')
  t.equal(app.server.maxHeadersCount, null, 'header count is bounded by the 16 KiB header size limit, tested below')
})

t.test('a slowloris client is cut off with a 408 once the request timeout passes, while others are served', async t => {
  const app = await appFor(t, { auth: 'off' }, { requestTimeoutMs: 500 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const started = Date.now()
  const answered = new Promise<string>(resolve => {
    const client = slowloris(port, 50)
    let answer = ''
    client.socket.on('data', chunk => { answer += String(chunk) })
    client.socket.on('close', () => { client.stop(); resolve(answer) })
  })
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'another client is served meanwhile')
  const answer = await answered
  const elapsed = Date.now() - started
  t.match(answer, /^HTTP\/1\.1 408 /, 'answered 408')
  t.match(answer, /\{"error":"Request timed out before it was complete"\}$/)
  t.ok(elapsed >= 500 && elapsed < 2500, `cut off after the 500 ms timeout, checked every second at most (${elapsed} ms)`)
})

t.test(`${SLOW_CLIENTS} slowloris connections: other clients are served promptly, and close() does not wait for them`, async t => {
  const app = await appFor(t, { auth: 'off' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const url = `http://127.0.0.1:${port}`
  let accepted = 0
  const allAccepted = new Promise<void>(resolve => app.server.on('connection', () => { if (++accepted === SLOW_CLIENTS) resolve() }))
  const slow = Array.from({ length: SLOW_CLIENTS }, () => slowloris(port, 200))
  t.teardown(() => { for (const client of slow) client.stop() })
  await allAccepted
  const timings: number[] = []
  for (let i = 0; i < 20; i++) {
    const started = Date.now()
    const response = await fetch(`${url}/api/v1/models?type=image`)
    await response.arrayBuffer()
    t.equal(response.status, 200)
    timings.push(Date.now() - started)
  }
  const worst = Math.max(...timings)
  t.ok(worst < 1000, `every request answered within 1 s while ${SLOW_CLIENTS} slow clients hold connections (worst ${worst} ms)`)
  t.equal((await fetch(`${url}/healthz`)).status, 200, 'healthy')
  const closing = Date.now()
  await app.close()
  t.ok(Date.now() - closing < 2000, `close() ends the half-sent requests instead of waiting for them (${Date.now() - closing} ms)`)
})

t.test('oversized headers: 431 in the API shape, whether one huge header or many small ones; the server keeps serving', async t => {
  const app = await appFor(t, { auth: 'off' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const many = Array.from({ length: 1000 }, (_, i) => `X-H${i}: ${'v'.repeat(20)}\r\n`).join('')
  for (const [what, headers] of [['one 20 KB header', `X-Big: ${'a'.repeat(20_000)}\r\n`], ['1,000 headers', many], ['a 17 KB bearer key', `Authorization: Bearer ${'k'.repeat(17_000)}\r\n`]]) {
    const answer = await rawAnswer(port, `GET /api/v1/models HTTP/1.1\r\nHost: x\r\n${headers}\r\n`)
    t.match(answer, /^HTTP\/1\.1 431 /, `${what}: 431`)
    t.match(answer, /\r\n\r\n\{"error":"Request header fields are too large"\}$/, `${what}: the JSON error`)
  }
  const huge = await rawAnswer(port, `GET /api/v1/models?${'q'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`)
  t.match(huge, /^HTTP\/1\.1 431 /, 'a 20 KB URL is over the header limit too')
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'still healthy')
})

t.test('a body over the limit is refused with 413 without being buffered whole; the models routes refuse before reading any', async t => {
  const app = await appFor(t, { auth: 'off' })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const big = Buffer.alloc(BODY_LIMIT_BYTES + 1, 'x')
  const refused = await fetch(`http://127.0.0.1:${port}/not-a-route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
  t.equal(refused.status, 413)
  t.same(await refused.json(), { error: 'Request body is too large' })
  const models = await fetch(`http://127.0.0.1:${port}/api/v1/models`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big })
  t.equal(models.status, 405)
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200)
})
