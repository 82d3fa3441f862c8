// Request logging: nothing per request at info, one line at debug, errors always.
import { Writable } from 'node:stream'
import t from 'tap'
import { RequestLogController } from '../../src/plugins/request-log.js'
import { appFor } from '../helpers/app.js'

function capture (): { stream: Writable, lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = []
  const stream = new Writable({ write (chunk: Buffer, _encoding, callback) { chunks.push(chunk.toString()); callback() } })
  return { stream, lines: () => chunks.join('').split('\n').filter(line => line !== '').map(line => JSON.parse(line)) }
}

t.test('at info a request logs nothing; at debug one completion line', async t => {
  for (const [logLevel, expected] of [['info', 0], ['debug', 1]] as const) {
    const { stream, lines } = capture()
    const app = await appFor(t, { logLevel }, { logStream: stream })
    await app.inject({ url: '/healthz' })
    const requestLines = lines().filter(line => line.msg === 'request completed')
    t.equal(requestLines.length, expected, logLevel)
    if (expected === 1) t.match(requestLines[0], { level: 20, req: { method: 'GET', url: '/healthz' }, res: { statusCode: 200 }, responseTime: Number })
  }
})

t.test('errors raised while a response is being sent are logged at error level', async t => {
  const logged: unknown[][] = []
  const reply = { elapsedTime: 1, log: { error: (...args: unknown[]) => logged.push(args), debug: () => t.fail('not a completion') } }
  new RequestLogController().requestCompleted(new Error('socket hang up'), {} as never, reply as never)
  t.match(logged, [[{ err: { message: 'socket hang up' } }, 'request errored']])
})
