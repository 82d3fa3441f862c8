// The Swagger UI page at /docs: local files only, no key, JSON 404s, and the document it shows.
import t from '../helpers/tap.js'
import { Validator } from '@seriousme/openapi-schema-validator'
import { documentationConfig } from '../../src/openapi.js'
import { appFor, testConfig } from '../helpers/app.js'

const CONTENT_TYPES: Record<string, string> = {
  css: 'text/css; charset=utf-8',
  js: 'application/javascript; charset=utf-8',
  png: 'image/png'
}

/** The URLs a page loads: its stylesheets, icons and scripts. */
const referencedUrls = (html: string) => [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map(match => match[1])

t.test('/docs is Swagger UI built from local files: the page and everything it loads answer 200, without a key', async t => {
  const app = await appFor(t, { auth: 'required' })
  t.equal((await app.inject({ url: '/api/v1/models' })).statusCode, 401, 'keys are required on this server')
  const page = await app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8')
  t.equal(page.headers['x-ratelimit-limit-requests'], '500', 'the page carries the headers every answer does')
  t.equal((await app.inject({ url: '/docs/' })).body, page.body, 'a trailing slash is ignored: the URLs in the page are absolute paths')

  const urls = referencedUrls(page.body)
  t.same(urls.map(url => url.split('/').at(-1)).sort(),
    ['favicon-16x16.png', 'favicon-32x32.png', 'swagger-initializer.js', 'swagger-ui-bundle.js', 'swagger-ui.css'])
  for (const url of urls) {
    t.match(url, /^\/docs\/static\//, `${url} is on this server`)
    const asset = await app.inject({ url })
    t.equal(asset.statusCode, 200, url)
    t.equal(asset.headers['content-type'], CONTENT_TYPES[url.split('.').at(-1) as string], url)
    t.ok(asset.rawPayload.length > 0, `${url} is not empty`)
  }
  const bundle = await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
  t.ok(bundle.rawPayload.length > 1_000_000, 'the whole Swagger UI bundle, from the package')
  t.match(bundle.body, /SwaggerUIBundle/)
  t.equal((await app.inject({ url: '/docs/static/swagger-ui-bundle.js' })).body, bundle.body, 'the same file when read from memory')

  const initializer = (await app.inject({ url: '/docs/static/swagger-initializer.js' })).body
  t.match(initializer, "url: '/docs/openapi.json'")
  t.match(initializer, 'validatorUrl: null', 'no validator badge fetched from validator.swagger.io')
  for (const [name, text] of [['page', page.body], ['initializer', initializer]]) {
    t.notMatch(text, /https?:\/\//, `the ${name} names no URL of another host`)
    t.notMatch(text, /\/\/[a-z0-9.-]+\.[a-z]{2,}\//i, `the ${name} has no protocol-relative URL`)
  }
})

t.test('HEAD answers wherever GET does, with the length and no body', async t => {
  const app = await appFor(t)
  for (const url of ['/docs', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js', '/docs/openapi.json']) {
    const get = await app.inject({ url })
    const head = await app.inject({ method: 'HEAD', url })
    t.equal(head.statusCode, 200, url)
    t.equal(head.headers['content-type'], get.headers['content-type'], url)
    t.equal(head.headers['content-length'], String(get.rawPayload.length), url)
    t.equal(head.body, '', url)
  }
})

t.test('anything else under /docs is the JSON 404 of every unknown route, files of the package included', async t => {
  const app = await appFor(t)
  const paths = [
    '/docs/static/missing.js',
    '/docs/static/index.html',
    '/docs/static/swagger-ui.js',
    '/docs/static/..%2Fpackage.json',
    '/docs/static/toString',
    '/docs/static/a/b.css',
    '/docs/json',
    '/docs/yaml',
    '/docs/index.html'
  ]
  for (const path of paths) {
    const response = await app.inject({ url: path })
    t.equal(response.statusCode, 404, path)
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8', path)
    t.same(response.json(), { error: `Not found: GET ${path} is not a route of this API` }, path)
  }
  const head = await app.inject({ method: 'HEAD', url: '/docs/static/missing.js' })
  t.equal(head.statusCode, 404)
  const post = await app.inject({ method: 'POST', url: '/docs' })
  t.equal(post.statusCode, 404, 'the page is read-only')
})

t.test('without an admin key, the page shows /openapi.json plus the admin API, as openapi.yaml documents it', async t => {
  const app = await appFor(t)
  const response = await app.inject({ url: '/docs/openapi.json' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
  const shown = response.json()
  const served = (await app.inject({ url: '/openapi.json' })).json()
  t.notOk(Object.keys(served.paths).some(path => path.startsWith('/__admin')), 'this server has no admin API')

  const result = await new Validator().validate(shown)
  t.same(result.errors, undefined, 'a valid OpenAPI 3.1 document')
  t.same(shown.servers, [{ url: '/', description: 'The server showing this page' }], '"Try it out" asks the server showing the page')
  const admin = shown.tags.find((tag: { name: string }) => tag.name === 'Admin')
  t.match(admin.description, /Only with VENICE_MOCK_ADMIN_KEY\. This server was started without one: these operations answer 404 here\.$/)

  const reference = await appFor(t, documentationConfig(testConfig()))
  const documented = (await reference.inject({ url: '/openapi.json' })).json()
  t.same(shown.paths, documented.paths, 'every path of openapi.yaml, the admin API included')
  t.same(shown.components, documented.components)
  t.same(Object.keys(shown.paths['/__admin/next']).sort(), ['delete', 'get', 'post'], 'the queue of next responses is documented too')
  t.ok(shown.paths['/api/v1/models'].get.parameters.some((parameter: { name: string, in: string }) => parameter.name === 'prefer' && parameter.in === 'header'), '"Try it out" can send Prefer')
  t.same({ ...shown, servers: served.servers, tags: served.tags, paths: served.paths, components: served.components }, served,
    'the rest is /openapi.json')
  for (const path of Object.keys(served.paths)) t.same(shown.paths[path], served.paths[path], `${path} as /openapi.json has it`)

  t.same((await app.inject({ url: '/openapi.json' })).json(), served, '/openapi.json is left as it was')
  t.equal((await app.inject({ url: '/docs/openapi.json' })).body, response.body, 'built once')
})

t.test('with an admin key, the page shows this server\'s own document', async t => {
  const app = await appFor(t, { adminKey: 'admin-key' })
  const shown = (await app.inject({ url: '/docs/openapi.json' })).json()
  const served = (await app.inject({ url: '/openapi.json' })).json()
  t.ok(served.paths['/__admin/requests'], 'the admin API is in /openapi.json')
  t.same({ ...shown, servers: served.servers }, served, 'only the server differs')
  t.equal((await app.inject({ url: '/docs' })).statusCode, 200, 'the admin key is not asked for either')
})
