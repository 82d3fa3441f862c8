// startMock(): an emulator on a free port inside a test process (tap, Vitest, Jest), with its journal and catalog at hand.
import { buildApp } from './app.js'
import type { Catalog } from './catalog/catalog.js'
import { acceptModel, withModels } from './catalog/edit-catalog.js'
import { loadConfig, type Config } from './config.js'
import type { Journal } from './controls/journal.js'

export interface StartMockOptions extends Partial<Omit<Config, 'port' | 'host'>> {
  /** 0 (the default) picks a free port. */
  port?: number
  /** A catalog already loaded (see `loadCatalog`), instead of `fixturesDir`. */
  catalog?: Catalog
}

export interface MockServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:39123/api/v1`: what an OpenAI-compatible client takes as `baseURL`. */
  url: string
  /** Every request the emulator received, newest first through `journal.list()`. */
  journal: Journal
  /** Serve exactly these models (validated like fixtures; `object` and `owned_by` may be left out) until `reset()`. */
  setModels: (models: readonly unknown[]) => void
  /** Back to the fixtures and the configured settings; the journal is emptied. */
  reset: () => void
  close: () => Promise<void>
}

/** Starts an emulator on 127.0.0.1; it is quiet and accepts any key unless the options say otherwise. */
export async function startMock (options: StartMockOptions = {}): Promise<MockServer> {
  const { catalog, port = 0, ...settings } = options
  const config: Config = Object.freeze({ ...loadConfig({ LOG_LEVEL: 'silent' }), ...settings, port, host: '127.0.0.1' })
  const app = await buildApp(config, { catalog, journal: true })
  const address = await app.listen({ port: config.port, host: config.host })
  return {
    url: `${address}/api/v1`,
    journal: app.controls.journal as Journal,
    setModels: (models) => {
      app.catalogStore.replace(withModels(app.catalogStore.current, models.map(acceptModel)))
    },
    reset: () => app.controls.reset(),
    close: async () => await app.close()
  }
}
