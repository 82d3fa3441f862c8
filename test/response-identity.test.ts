// Differential test: the bytes of every answer (status, headers in order, body) over a matrix of requests match a golden
// file recorded before the hot path was optimised. `UPDATE_GOLDEN=1 npx tap test/response-identity.test.ts` rewrites it.
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { Agent, request as httpRequest, type OutgoingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import t from './helpers/tap.js'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { fixtureDir } from './helpers/app.js'

const GOLDEN = fileURLToPath(new URL('./golden/responses.json', import.meta.url))
const ORIGIN = 'https://app.example'
// Bodies up to this size are kept as text, so a difference in an error message shows in the diff.
const TEXT_UP_TO = 1024
// Headers whose value is the clock's: checked for shape, then replaced.
const CLOCK_HEADERS = new Set(['date', 'x-ratelimit-reset-requests', 'x-ratelimit-reset-tokens', 'retry-after'])

interface Variant { method: string, path: string, headers: Record<string, string> }

const keys = {
  open: 'Bearer golden-open-key',
  public: 'Bearer golden-public-key',
  inactive: 'Bearer golden-inactive-key',
  disabled: 'Bearer golden-disabled-key',
  limited: 'Bearer golden-limited-key'
}

async function record (port: number, agent: Agent, variant: Variant): Promise<string> {
  return await new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port, agent, method: variant.method, path: variant.path, headers: variant.headers as OutgoingHttpHeaders }, response => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const lines = [`${response.statusCode ?? 0} ${response.statusMessage ?? ''}`]
        const raw = response.rawHeaders
        for (let index = 0; index < raw.length; index += 2) {
          const name = raw[index]
          let value = raw[index + 1]
          if (CLOCK_HEADERS.has(name.toLowerCase())) value = /^[0-9]+$|^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(value) ? '<clock>' : `<bad clock value ${value}>`
          lines.push(`${name}: ${value}`)
        }
        const body = Buffer.concat(chunks)
        const encoded = response.headers['content-encoding'] !== undefined
        lines.push(body.length <= TEXT_UP_TO && !encoded
          ? `body ${body.toString('utf8')}`
          : `body ${body.length} bytes, sha256 ${createHash('sha256').update(body).digest('base64')}`)
        resolve(lines.join('\n'))
      })
      response.on('error', reject)
    })
    request.on('error', reject)
    request.end()
  })
}

const describe = (variant: Variant) => `${variant.method} ${variant.path} ${JSON.stringify(variant.headers)}`

t.test('every answer is byte for byte what it was before the hot path was optimised', async t => {
  const keysDir = await fixtureDir(t, {
    'keys.json': {
      'golden-public-key': { status: 'active', beta: false },
      'golden-inactive-key': { status: 'inactive' },
      'golden-disabled-key': { status: 'disabled' },
      'golden-limited-key': { status: 'active', beta: true, rateLimit: 2 }
    }
  })
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    VENICE_MOCK_API_KEYS: 'golden-open-key',
    VENICE_MOCK_KEYS_FILE: `${keysDir}/keys.json`,
    VENICE_MOCK_AUTH: 'required',
    VENICE_MOCK_ADMIN_KEY: 'golden-admin',
    VENICE_MOCK_CORS: ORIGIN
  })
  const app = await buildApp(config)
  t.teardown(() => app.close())
  await app.catalogStore.current.compress()
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as AddressInfo
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  t.teardown(() => agent.destroy())

  const answers: Record<string, string> = {}
  const send = async (variant: Variant): Promise<string> => {
    const answer = await record(port, agent, variant)
    answers[describe(variant)] = answer
    return answer
  }
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => send({ method, path, headers: { authorization: keys.open, ...headers } })

  const representations = [
    '/api/v1/models', '/api/v1/models?type=all', '/api/v1/models?type=image', '/api/v1/models/traits',
    '/api/v1/models/compatibility_mapping?type=text', '/api/v1/models/aion-labs-aion-3-0', '/api/v1/models/elevenlabs/scribe-v2'
  ]
  for (const path of representations) {
    for (const acceptEncoding of [undefined, 'gzip', 'br, gzip', 'gzip;q=0, identity']) {
      const encodingHeader: Record<string, string> = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }
      const first = await get(path, encodingHeader)
      const etag = /^etag: (.*)$/im.exec(first)?.[1]
      t.ok(etag, `${path} with ${acceptEncoding ?? 'no Accept-Encoding'} has an ETag`)
      for (const method of ['GET', 'HEAD']) {
        for (const ifNoneMatch of [undefined, etag as string, `W/${etag as string}`, '"something-else"', '*']) {
          await get(path, { ...encodingHeader, ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }) }, method)
        }
      }
    }
    await get(path, { origin: ORIGIN })
    await get(path, { origin: 'https://elsewhere.example', 'accept-encoding': 'gzip' })
    await send({ method: 'GET', path, headers: {} })
    for (const key of ['Bearer wrong-key', 'Basic abc', keys.public, keys.inactive, keys.disabled, `${keys.open} extra`]) {
      await send({ method: 'GET', path, headers: { authorization: key } })
    }
    await send({ method: 'HEAD', path, headers: { authorization: 'Bearer wrong-key', origin: ORIGIN } })
  }
  for (const path of ['/api/v1/models?type=bogus', '/api/v1/models?type=text&extra=1', '/api/v1/models/no-such-model',
    '/api/v1/models/traits?type=all', '/api/v1/nothing', '/api/v1/models/%zz', '/nothing']) {
    await get(path)
    await get(path, { origin: ORIGIN, 'accept-encoding': 'gzip' })
  }
  await get('/api/v1/models', {}, 'POST')
  await get('/api/v1/models', { 'accept-encoding': 'gzip', 'if-none-match': '*' }, 'DELETE')
  await send({ method: 'OPTIONS', path: '/api/v1/models', headers: { origin: ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } })
  await send({ method: 'OPTIONS', path: '/api/v1/models', headers: {} })
  for (let attempt = 0; attempt < 3; attempt++) await send({ method: 'GET', path: `/api/v1/models/traits?attempt=${attempt}`, headers: { authorization: keys.limited } })
  await get('/api/v1/models', { prefer: 'code=429' })
  await get('/api/v1/models', { prefer: 'code=503', origin: ORIGIN })
  await get('/api/v1/models', { prefer: 'nonsense' })
  await get('/healthz')

  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(GOLDEN, `${JSON.stringify(answers, null, 1)}\n`)
    t.pass(`wrote ${Object.keys(answers).length} answers to ${GOLDEN}`)
    return
  }
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, string>
  t.same(Object.keys(answers), Object.keys(golden), 'the same requests were made')
  for (const [request, answer] of Object.entries(answers)) t.equal(answer, golden[request], request)
})
