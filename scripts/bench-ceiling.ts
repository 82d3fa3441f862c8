// The ceiling of `npm run bench`: a bare node:http server answering each recorded request with the very bytes and
// headers the emulator sent for it, from memory, with no routing, auth or journal. Nothing Node serves can be faster.
// Usage: node bench-ceiling.mjs RESPONSES.json PORT (bench.ts compiles it and writes RESPONSES.json)
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

const [file, port] = process.argv.slice(2)
if (file !== undefined && port !== undefined) {
  const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedResponse[]
  const answers = new Map(recorded.map(response => [requestKey(response.url, response.acceptEncoding, response.ifNoneMatch),
    { status: response.status, headers: response.rawHeaders, body: Buffer.from(response.bodyBase64, 'base64') }]))
  const server = createServer({ keepAliveTimeout: 72_000 }, (request, response) => {
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
