// The remote client: API roots, every request it makes, and answers it cannot use.
import t from '../helpers/tap.js'
import { apiRoot, fetchRemoteCatalog } from '../../src/remote/fetch-remote-catalog.js'
import { httpServerAt } from '../helpers/servers.js'

t.test('a bare host gets /api/v1; a path is kept; trailing slashes go', async t => {
  t.equal(apiRoot('http://127.0.0.1:4010'), 'http://127.0.0.1:4010/api/v1')
  t.equal(apiRoot('http://127.0.0.1:4010/'), 'http://127.0.0.1:4010/api/v1')
  t.equal(apiRoot('https://api.venice.ai/api/v1/'), 'https://api.venice.ai/api/v1')
  t.equal(apiRoot('http://proxy.local/venice/api/v1'), 'http://proxy.local/venice/api/v1')
})

t.test('28 requests with the key and JSON accepted; odd answers are described', async t => {
  const seen: Array<{ url: string, authorization?: string, accept?: string }> = []
  const url = await httpServerAt(t, (request, response) => {
    seen.push({ url: request.url ?? '', authorization: request.headers.authorization, accept: request.headers.accept })
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(request.url?.includes('type=asr') === true ? '{"object":"list"}' : '{"object":"list","data":{}}')
  })
  const progress: string[] = []
  const remote = await fetchRemoteCatalog({ baseUrl: url, key: 'secret', progress: line => progress.push(line) })
  t.equal(seen.length, 28)
  t.ok(seen.every(request => request.authorization === 'Bearer secret' && request.accept === 'application/json'))
  t.same(seen.slice(0, 2).map(request => request.url), ['/api/v1/models?type=all', '/api/v1/models?type=asr'])
  t.match(progress[1], /type=asr → 200, no data, \d+ ms/)
  t.match(progress[0], /type=all → 200, 0 entries, \d+ ms/)
  t.same(remote.traits.get('text'), { object: 'list', data: {} })
})

t.test('a server error other than 401 is reported with its body', async t => {
  const url = await httpServerAt(t, (_request, response) => {
    response.writeHead(500, { 'content-type': 'application/json' })
    response.end(`{"error":"An unknown error occurred","padding":"${'x'.repeat(200)}"}`)
  })
  await t.rejects(fetchRemoteCatalog({ baseUrl: url }), { name: 'RemoteError', message: /: 500 \{"error":"An unknown error occurred","padding":"x+\.\.\.$/ })
})

t.test('an answer without a content type is still named', async t => {
  const url = await httpServerAt(t, (_request, response) => {
    response.removeHeader('content-type')
    response.end('plain words')
  })
  await t.rejects(fetchRemoteCatalog({ baseUrl: url }), { message: /not JSON \(content-type none\): plain words/ })
})
