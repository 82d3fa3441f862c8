// Shared test helpers: a built app on the test configuration and the built-in catalog it shares; re-exports fixtures.ts.
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from '../../src/app.js'
import type { Catalog } from '../../src/catalog/catalog.js'
import { loadCatalog } from '../../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES, type Config } from '../../src/config.js'
import { testConfig, type Closable } from './fixtures.js'

export { REFERENCE_DIR, REPO_ROOT, fixtureDir, imageModel, testConfig, textModel } from './fixtures.js'

let builtIn: Promise<Catalog> | undefined

/**
 * The built-in catalog, loaded, validated and compressed once per test process (about 0.2 s each time otherwise).
 * Apps can share it: a Catalog is never changed in place, edits make a new one.
 */
export async function builtInCatalog (): Promise<Catalog> {
  builtIn ??= loadCatalog(BUILT_IN_FIXTURES).then(async catalog => {
    await catalog.compress()
    return catalog
  })
  return await builtIn
}

/** buildApp on the test configuration (the built-in catalog shared, unless told otherwise), closed when the test ends. */
export async function appFor (t: Closable, overrides: Partial<Config> = {}, options: BuildOptions = {}): Promise<FastifyInstance> {
  const config = testConfig(overrides)
  const catalog = options.catalog ?? (config.fixturesDir === BUILT_IN_FIXTURES ? await builtInCatalog() : undefined)
  const app = await buildApp(config, { ...options, catalog })
  t.teardown(() => app.close())
  // buildApp does not wait for the encodings; tests that ask for gzip or brotli need them ready.
  await app.catalogStore.current.compress()
  return app
}

export const KEY = 'test-key-1'
export const auth = { authorization: `Bearer ${KEY}` }
