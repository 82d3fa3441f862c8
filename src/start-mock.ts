// startMock(): an emulator on a free port inside a test process (tap, Vitest, Jest), with its journal and catalog at hand.
import type { FastifyInstance } from 'fastify'
import { buildApp } from './app.js'
import type { Catalog } from './catalog/catalog.js'
import { acceptModel, withModels } from './catalog/edit-catalog.js'
import { ConfigError, loadConfig, SETTING_DOCS, SETTINGS, type Setting, type SettingName } from './config.js'
import type { Journal } from './controls/journal.js'
import type { NextOptions, NextResponses, NextRespond, QueuedResponse } from './controls/next-responses.js'

/** `rate-limit` → `rateLimit`: an option is named after its flag, as the README's table lists them. */
type CamelCase<Text extends string> = Text extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Text
type OptionOf<Definition> = Definition extends Setting<any, string, infer Option> ? Option : never
/** Always 127.0.0.1: an emulator inside a test process is for that process. */
type OptionSetting = Exclude<SettingName, 'host'>

/**
 * Settings by the camelCase names of their flags (see the configuration table), each with its own type:
 * `{ rateLimit: 100, latency: '50-400', fixtures: './catalog' }`.
 */
export type StartMockOptions = {
  [Name in OptionSetting as CamelCase<typeof SETTINGS[Name]['flag']>]?: OptionOf<typeof SETTINGS[Name]>
} & {
  /** A catalog already loaded (see `loadCatalog`), instead of `fixtures`. */
  catalog?: Catalog
}

const camelCase = (flag: string): string => flag.replace(/-([a-z])/g, (_dash, letter: string) => letter.toUpperCase())
const OPTIONS: ReadonlyMap<string, Setting<unknown>> = new Map(SETTING_DOCS.filter(definition => definition !== SETTINGS.host).map(definition => [camelCase(definition.flag), definition]))

export interface MockServer {
  /** Base URL of the API, e.g. `http://127.0.0.1:39123/api/v1`: what an OpenAI-compatible client takes as `baseURL`. */
  url: string
  /** Every request the emulator received, newest first through `journal.list()`. */
  journal: Journal
  /**
   * Serve exactly these models (validated like fixtures; `object` and `owned_by` may be left out) until `reset()`.
   * They are served as soon as it returns; the promise settles when their gzip and brotli encodings are ready too.
   * It rejects with a ModelRejected, and the catalog served stays as it was, when a model is not valid.
   */
  setModels: (models: readonly unknown[]) => Promise<void>
  /**
   * Queues `respond` (what `Prefer` takes: code, delay, fault) for the next `times` API requests that `match`
   * ("fail twice, then succeed"); throws NextResponseError naming the field, or QueueFullError.
   */
  next: (respond: NextRespond, options?: NextOptions) => QueuedResponse
  /** The queue `next` fills: `list()` shows what is pending, `clear()` empties it. */
  nextResponses: NextResponses
  /** Back to the fixtures and the configured settings; the journal and the queue are emptied. */
  reset: () => void
  close: () => Promise<void>
}

/** The options as command-line flags, so that they are checked exactly as the command line and the environment are. */
export function asFlags (settings: Record<string, unknown>): string[] {
  return Object.entries(settings).filter(([, value]) => value !== undefined).map(([name, value]) => {
    // Types stop a misspelt option in TypeScript; JavaScript callers get this.
    const definition = OPTIONS.get(name)
    if (definition === undefined) throw new ConfigError(`startMock: unknown option ${JSON.stringify(name)}; the options are ${[...OPTIONS.keys()].join(', ')}`)
    return `--${definition.flag}=${definition.option(value)}`
  })
}

/** What an in-process emulator hands its test: the same for startMock and the MSW handlers, over one built app. */
export type InProcessControls = Omit<MockServer, 'url'>

export function inProcessControls (app: FastifyInstance): InProcessControls {
  return {
    journal: app.controls.journal as Journal,
    setModels: async (models) => {
      const next = withModels(app.catalogStore.current, models.map(acceptModel))
      app.catalogStore.replace(next)
      await next.compress()
    },
    next: (respond, nextOptions = {}) => app.controls.next.add({ ...nextOptions, respond }),
    nextResponses: app.controls.next,
    reset: () => app.controls.reset(),
    close: async () => await app.close()
  }
}

/** Starts an emulator on 127.0.0.1 (port 0: a free one); it is quiet and accepts any key unless the options say otherwise. */
export async function startMock (options: StartMockOptions = {}): Promise<MockServer> {
  const { catalog, ...settings } = options
  const config = loadConfig({ LOG_LEVEL: 'silent' }, ['--port=0', ...asFlags(settings), '--host=127.0.0.1'])
  const app = await buildApp(config, { catalog, journal: true })
  // Tests get the same answers from their first request: encodings included.
  await app.catalogStore.current.compress()
  let address: string
  try {
    address = await app.listen({ port: config.port, host: config.host })
  } catch (error) {
    await app.close()
    throw error
  }
  return { url: `${address}/api/v1`, ...inProcessControls(app) }
}
