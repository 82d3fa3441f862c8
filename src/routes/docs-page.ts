// Swagger UI at /docs from the files @fastify/swagger-ui ships, fetching nothing from another host; needs no key.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { FastifyInstance, FastifyPluginCallback } from 'fastify'
import { JSON_CONTENT_TYPE } from '../http/content-types.js'
import { readPublishedDocument } from '../openapi.js'
import { PACKAGE_NAME } from '../package-info.js'

export const DOCS_PATH = '/docs'

export interface DocsPageOptions {
  /** Where the admin API lives (or would, with an admin key). */
  adminPrefix: string
}

/** The parts of the document the page changes; swaggerOptions always declares them, and the shared schemas are always there. */
interface OpenApiDocument {
  servers: Array<{ url: string, description: string }>
  tags: Array<{ name: string, description: string }>
  paths: Record<string, unknown>
  components: { schemas: Record<string, unknown> }
}

const HTML_CONTENT_TYPE = 'text/html; charset=utf-8'
const JS_CONTENT_TYPE = 'application/javascript; charset=utf-8'
const CSS_CONTENT_TYPE = 'text/css; charset=utf-8'

/** The whole Swagger UI page is four files of swagger-ui-dist, this page and its initializer: nothing comes from a CDN. */
const PACKAGED_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': CSS_CONTENT_TYPE,
  'swagger-ui-bundle.js': JS_CONTENT_TYPE,
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png'
}

const page = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${PACKAGE_NAME}</title>
<link rel="stylesheet" type="text/css" href="${DOCS_PATH}/static/swagger-ui.css">
<link rel="icon" type="image/png" href="${DOCS_PATH}/static/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${DOCS_PATH}/static/favicon-16x16.png" sizes="16x16">
<style>body { margin: 0; background: #fafafa }</style>
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/static/swagger-ui-bundle.js" charset="utf-8"></script>
<script src="${DOCS_PATH}/static/swagger-initializer.js" charset="utf-8"></script>
</body>
</html>
`

// BaseLayout has no top bar, so no URL box that fetches other documents; a null validatorUrl keeps the badge from
// calling validator.swagger.io.
const initializer = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: '${DOCS_PATH}/openapi.json',
    dom_id: '#swagger-ui',
    layout: 'BaseLayout',
    deepLinking: true,
    validatorUrl: null
  })
}
`

/**
 * What the page shows: this server's document (/openapi.json), with the admin API documented even when this server
 * has none, and "Try it out" sent to the server showing the page rather than to the default address.
 */
async function docsDocument (app: FastifyInstance, adminPrefix: string): Promise<Buffer> {
  // A copy: @fastify/swagger keeps and serves the object it returns.
  const document = JSON.parse(JSON.stringify(app.swagger())) as OpenApiDocument
  document.servers = [{ url: '/', description: 'The server showing this page' }]
  if (!Object.keys(document.paths).some(path => path.startsWith(`${adminPrefix}/`))) {
    // The published document is generated with an admin key from these same route schemas (a test keeps it fresh).
    const admin = await readPublishedDocument() as OpenApiDocument
    for (const [path, item] of Object.entries(admin.paths)) {
      if (path.startsWith(`${adminPrefix}/`)) document.paths[path] = item
    }
    document.components.schemas = { ...admin.components.schemas, ...document.components.schemas }
    document.tags = document.tags.map(tag => tag.name === 'Admin'
      ? { ...tag, description: `${tag.description} This server was started without one: these operations answer 404 here.` }
      : tag)
  }
  return Buffer.from(JSON.stringify(document, null, 2))
}

/** Registered under the prefix DOCS_PATH (see the pipeline), so its 404s are the prefix's own. */
export const docsPageRoutes: FastifyPluginCallback<DocsPageOptions> = (app, { adminPrefix }, done) => {
  // Everything is read or built on first request and kept: the page costs nothing at start-up, and most runs never open it.
  let assetDir: string | undefined
  const assets = new Map<string, Promise<Buffer>>()
  let document: Promise<Buffer> | undefined
  const schema = { hide: true }

  app.get('/', { schema }, (_request, reply) => {
    reply.type(HTML_CONTENT_TYPE).send(page)
  })
  app.get('/static/swagger-initializer.js', { schema }, (_request, reply) => {
    reply.type(JS_CONTENT_TYPE).send(initializer)
  })
  app.get<{ Params: { file: string } }>('/static/:file', { schema }, async (request, reply) => {
    const { file } = request.params
    const type = Object.hasOwn(PACKAGED_ASSETS, file) ? PACKAGED_ASSETS[file] : undefined
    if (type === undefined) return reply.callNotFound()
    assetDir ??= join(dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui/package.json')), 'static')
    let content = assets.get(file)
    if (content === undefined) assets.set(file, content = readFile(join(assetDir, file)))
    return reply.type(type).send(await content)
  })
  app.get('/openapi.json', { schema }, async (_request, reply) => {
    document ??= docsDocument(app, adminPrefix)
    return reply.type(JSON_CONTENT_TYPE).send(await document)
  })
  done()
}
