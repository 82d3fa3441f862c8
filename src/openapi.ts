// Options of @fastify/swagger: the OpenAPI 3.1 document generated from the route schemas.
import { readFile } from 'node:fs/promises'
import type { SwaggerOptions } from '@fastify/swagger'
import type { FastifyInstance, FastifySchema } from 'fastify'
import type { Config } from './config.js'
import { FORCEABLE_STATUSES, MAX_DELAY_MS } from './controls/prefer-header.js'
import { PACKAGE_DESCRIPTION, PACKAGE_NAME, PACKAGE_VERSION } from './package-info.js'

/** The committed `openapi.yaml`, shipped in the package and the image (one level above both src/ and dist/). */
export const PUBLISHED_DOCUMENT = new URL('../openapi.yaml', import.meta.url)

interface RouteDocument {
  schema: FastifySchema
  url: string
}

/**
 * Model ids contain slashes, so `/models/{id}` is a wildcard route; the document names its parameter `id`,
 * as the Venice documentation and OpenAI clients do.
 */
export function documentModelIdParameter ({ schema, url }: RouteDocument): RouteDocument {
  const params = schema?.params as { properties: Record<string, unknown> } | undefined
  if (!url.endsWith('/*') || params === undefined) return { schema, url }
  return {
    url: `${url.slice(0, -1)}:id`,
    schema: { ...schema, params: { ...params, properties: { id: params.properties['*'] }, required: ['id'] } }
  }
}

/**
 * The Prefer header of the test controls, on the models operations only, so that "Try it out" on /docs can send it.
 * Documentation only: the route schemas leave it out, so no request pays for validating headers.
 */
export function documentPreferHeader ({ schema, url }: RouteDocument): RouteDocument {
  if (!(schema?.tags as string[] | undefined)?.includes('Models')) return { schema, url }
  const prefer = {
    type: 'string',
    description: 'Test control of the emulator (ignored with VENICE_MOCK_CONTROLS=off; the live API knows none): ' +
      `\`code=<status>\` answers the live body of ${FORCEABLE_STATUSES.join(', ')}; \`delay=<ms>\` waits first (at most ${MAX_DELAY_MS}); ` +
      '`fault=reset|empty|malformed|hang` breaks the connection or the body. Comma-separated, e.g. `code=503, delay=200`.',
    examples: ['code=429', 'code=503, delay=200', 'fault=malformed']
  }
  return { url, schema: { ...schema, headers: { type: 'object', properties: { prefer } } } }
}

export function swaggerOptions (): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: PACKAGE_NAME,
        version: PACKAGE_VERSION,
        description: `${PACKAGE_DESCRIPTION}. The models endpoints answer exactly as https://api.venice.ai/api/v1 does. ` +
          'By default (VENICE_MOCK_AUTH=optional, the live behaviour) they need no key, and a key that is sent is checked; ' +
          'VENICE_MOCK_AUTH=required wants one on every call, `off` checks none. Each operation\'s `security` says which this server does.'
      },
      servers: [{ url: 'http://127.0.0.1:4010', description: 'venice-models-mock with its default settings' }],
      tags: [
        { name: 'Models', description: 'The Venice models API' },
        { name: 'Emulator', description: 'Endpoints of the emulator itself' },
        { name: 'Admin', description: 'Test controls of the emulator: journal, catalog edits, next responses, reset, settings. Only with VENICE_MOCK_ADMIN_KEY.' }
      ],
      components: {
        securitySchemes: {
          BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          AdminBearer: { type: 'http', scheme: 'bearer', description: 'The key set by VENICE_MOCK_ADMIN_KEY' }
        }
      }
    },
    transform: route => documentPreferHeader(documentModelIdParameter(route)),
    // Shared schemas keep their `$id` as their component name, the names the Venice document uses.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) => typeof json.$id === 'string' ? json.$id : `def-${index}`
    }
  }
}

/** The committed `openapi.yaml`: the document of a ready app, under a note saying where it comes from. */
export function renderOpenapiYaml (app: FastifyInstance): string {
  return `# Generated from the route schemas by \`npm run openapi\`; do not edit by hand (a test fails when it is stale).\n${app.swagger({ yaml: true })}`
}

/** The configuration `openapi.yaml` is generated with: the defaults, plus an admin key so the admin API is documented. */
export function documentationConfig (config: Config): Config {
  return Object.freeze({ ...config, adminKey: 'documentation-only', logLevel: 'silent' as const })
}

/** The published document (the admin API included), parsed; the test suite keeps it equal to the route schemas. */
export async function readPublishedDocument (): Promise<unknown> {
  // Loaded only here: the yaml parser is not needed until the docs page is first opened on a server without an admin key.
  const { parse } = await import('yaml')
  return parse(await readFile(PUBLISHED_DOCUMENT, 'utf8')) as unknown
}
