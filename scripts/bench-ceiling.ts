// The ceiling of `npm run bench`: a bare node:http server that checks the bearer key, then answers each recorded request
// with the very status, headers and body the emulator sent for it, from memory: no routing, hooks or journal.
// Usage: node bench-ceiling.mjs RESPONSES.json PORT KEY (bench.ts compiles it and writes RESPONSES.json)
import { timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'

export interface RecordedResponse {
  /** The request: its URL and the headers that choose the answer. */
  url: string
  acceptEncoding: string
  ifNoneMatch: string
  status: number
  /** Raw header names and values as the emulator sent them, without the ones Node adds itself (Date, Connection, Keep-Alive). */
  rawHeaders: string[]
  bodyBase64: string
}

export function requestKey (url: string, acceptEncoding: string, ifNoneMatch: string): string {
  return `${url}\n${acceptEncoding}\n${ifNoneMatch}`
}

const BEARER = /^bearer +(\S+) *$/i

/** The emulator's own check, at its cheapest: the scheme parsed, then the key compared in constant time. */
function keyChecker (key: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(key)
  return (header) => {
    const presented = header === undefined ? null : BEARER.exec(header)?.[1]
    if (presented === undefined || presented === null) return false
    const bytes = Buffer.from(presented)
    return bytes.length === expected.length && timingSafeEqual(bytes, expected)
  }
}

const [file, port, key] = process.argv.slice(2)
if (file !== undefined && port !== undefined && key !== undefined) {
  const authorized = keyChecker(key)
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedResponse[]
  const answers = new Map(recorded.map(response => [requestKey(response.url, response.acceptEncoding, response.ifNoneMatch),
    { status: response.status, headers: response.rawHeaders, body: Buffer.from(response.bodyBase64, 'base64') }]))
  const server = createServer({ keepAliveTimeout: 72_000 }, (request, response) => {
    if (!authorized(request.headers.authorization)) {
      response.writeHead(401).end()
      return
    }
    const header = (name: string) => { const value = request.headers[name]; return typeof value === 'string' ? value : '' }
    const answer = answers.get(requestKey(request.url ?? '', header('accept-encoding'), header('if-none-match')))
    if (answer === undefined) {
      response.writeHead(404).end()
      return
    }
    response.writeHead(answer.status, answer.headers)
    response.end(answer.body)
  })
  server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'))
  process.on('SIGTERM', () => process.exit(0))
}
