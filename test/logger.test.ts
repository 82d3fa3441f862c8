// Request logging: nothing per request at info, one line at debug, errors always.
import { Writable } from 'node:stream'
import { pino } from 'pino'
import t from './helpers/tap.js'
import { lazyChildLogger, RequestLogController, type LazyChildLogger } from '../src/logger.js'
import { appFor } from './helpers/app.js'

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

t.test('the per-request child logger is made only when something is logged at an enabled level', async t => {
  const { stream, lines } = capture()
  const parent = pino({ level: 'info', base: null, timestamp: false }, stream)
  let children = 0
  const child = parent.child.bind(parent)
  parent.child = ((...args: Parameters<typeof child>) => { children++; return child(...args) }) as typeof parent.child
  const lazy = lazyChildLogger(parent, { reqId: 'req-1' }, {}) as unknown as LazyChildLogger
  lazy.debug({ detail: 1 }, 'not written')
  lazy.trace('not written either')
  lazy.silent()
  t.equal(lazy.level, 'info')
  t.equal(children, 0, 'nothing logged, no child made')
  lazy.info({ detail: 2 }, 'written')
  lazy.warn('also written')
  t.equal(children, 1, 'one child, made on first use')
  // The counter was an own property of the parent, which its children would inherit.
  delete (parent as Partial<typeof parent>).child
  lazy.level = 'debug'
  t.equal(lazy.level, 'debug')
  t.equal(parent.level, 'info', 'the parent keeps its level')
  lazy.debug('now written')
  lazy.child({ extra: true }).error('from a grandchild')
  t.same(lines(), [
    { level: 30, reqId: 'req-1', detail: 2, msg: 'written' },
    { level: 40, reqId: 'req-1', msg: 'also written' },
    { level: 20, reqId: 'req-1', msg: 'now written' },
    { level: 50, reqId: 'req-1', extra: true, msg: 'from a grandchild' }
  ])
})
