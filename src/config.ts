// The one reader of environment variables and flags: one table of settings, a validated, frozen configuration, or a
// failure naming the setting.
import { isAbsolute, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { parseLatency, type LatencyRange } from './controls/latency.js'
import { OPEN_PERSONA, readKeysFile, type Persona } from './controls/personas.js'
import { AUTH_MODES, type AuthMode } from './controls/runtime-settings.js'

export { AUTH_MODES, type AuthMode }
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const

export type LogLevel = typeof LOG_LEVELS[number]
export type LogFormat = typeof LOG_FORMATS[number]

/** Origins browsers may call from: `*` for any, a list of origins, or `null` for no CORS headers at all. */
export type CorsOrigins = '*' | readonly string[] | null

/** The catalog that ships with the package. */
export const BUILT_IN_FIXTURES = fileURLToPath(new URL('../fixtures', import.meta.url))

export class ConfigError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

function oneOf<T extends string> (allowed: readonly T[]): (raw: string, name: string) => T {
  return (raw, name) => {
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not one of ${allowed.join(', ')}`)
  }
}

function parsePort (raw: string, name: string): number {
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : Number.NaN
  if (!(port >= 0 && port <= 65535)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a port number between 0 and 65535`)
  return port
}

function parseHost (raw: string, name: string): string {
  if (!/^[\w.:%-]+$/.test(raw)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a host name or IP address`)
  return raw
}

function parseApiKeys (raw: string, name: string): readonly string[] {
  const keys = raw.split(',').map(key => key.trim()).filter(key => key !== '')
  if (keys.length === 0) throw new ConfigError(`Invalid ${name}: it is set but lists no key; unset it to accept any key`)
  const spaced = keys.find(key => /\s/.test(key))
  if (spaced !== undefined) throw new ConfigError(`Invalid ${name}: keys cannot contain white space`)
  return Object.freeze(keys)
}

function parseBoolean (raw: string, name: string): boolean {
  if (/^(true|1|yes|on)$/i.test(raw)) return true
  if (/^(false|0|no|off)$/i.test(raw)) return false
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not true or false`)
}

function parseOnOff (raw: string, name: string): boolean {
  if (/^(on|true|1)$/i.test(raw)) return true
  if (/^(off|false|0)$/i.test(raw)) return false
  throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not on or off`)
}

function parseLatencySetting (raw: string, name: string): LatencyRange {
  try {
    return parseLatency(raw)
  } catch (error) {
    throw new ConfigError(`Invalid ${name}: ${(error as Error).message}`)
  }
}

function parseErrorRate (raw: string, name: string): number {
  const rate = /^(0|1|0?\.\d+|1\.0*)$/.test(raw.trim()) ? Number(raw) : Number.NaN
  if (!(rate >= 0 && rate <= 1)) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a number from 0 to 1`)
  return rate
}

function parsePositiveInteger (raw: string, name: string): number {
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : 0
  if (value < 1) throw new ConfigError(`Invalid ${name}: ${JSON.stringify(raw)} is not a whole number of at least 1`)
  return value
}

/** The journal preallocates its ring; past this it would cost more memory than a development tool should. */
export const MAX_JOURNAL_SIZE = 100_000

function parseJournalSize (raw: string, name: string): number {
  const size = parsePositiveInteger(raw, name)
  if (size > MAX_JOURNAL_SIZE) throw new ConfigError(`Invalid ${name}: ${size} is more than ${MAX_JOURNAL_SIZE} entries`)
  return size
}

function parseSecret (raw: string, name: string): string {
  if (raw === '' || /\s/.test(raw)) throw new ConfigError(`Invalid ${name}: it is empty or contains white space`)
  return raw
}

function parseKeysFile (raw: string, name: string): ReadonlyMap<string, Persona> {
  try {
    return readKeysFile(isAbsolute(raw) ? raw : resolve(raw))
  } catch (error) {
    throw new ConfigError(`Invalid ${name}: ${(error as Error).message}`)
  }
}

/** VENICE_MOCK_API_KEYS are plain active keys that see every model; a keys file adds personas (and wins for a key in both). */
function mergePersonas (apiKeys: readonly string[] | null, fromFile: ReadonlyMap<string, Persona> | null): ReadonlyMap<string, Persona> | null {
  if (apiKeys === null && fromFile === null) return null
  return new Map([...(apiKeys ?? []).map(key => [key, OPEN_PERSONA] as const), ...(fromFile ?? [])])
}

function parseCors (raw: string, name: string): CorsOrigins {
  const value = raw.trim()
  if (value === '*' || /^on$/i.test(value)) return '*'
  if (/^off$/i.test(value)) return null
  const origins = value.split(',').map(origin => origin.trim()).filter(origin => origin !== '')
  // Browsers send the Origin header as scheme://host[:port], with no path and no trailing slash; anything else never matches.
  const bad = origins.find(origin => !/^https?:\/\/[^/\s?#]+$/i.test(origin))
  if (origins.length === 0 || bad !== undefined) {
    throw new ConfigError(`Invalid ${name}: ${JSON.stringify(bad ?? raw)} is not *, off, or a list of origins such as http://localhost:5173 (scheme://host[:port], no path)`)
  }
  // As browsers serialize an origin: lower-case scheme and host, no default port.
  return Object.freeze(origins.map(origin => new URL(origin).origin))
}

function parseFixturesDir (raw: string, name: string): string {
  if (raw.trim() === '') throw new ConfigError(`Invalid ${name}: it is empty; unset it to serve the built-in catalog`)
  return isAbsolute(raw) ? raw : resolve(raw)
}

/**
 * One setting: its environment variable, its flag, how its raw text becomes a value, its default, and its meaning (as
 * the README's configuration table and `--help` show it; `code` in backticks). `option` turns what `startMock` takes
 * into the raw text, so its parameter is that option's type.
 */
export interface Setting<T, Flag extends string = string, Option = unknown> {
  readonly env: string
  readonly flag: Flag
  readonly parse: (raw: string, name: string) => T
  readonly default: T
  /** The default as documented, when it is not simply the value (e.g. `on` for true). */
  readonly shownDefault?: string
  readonly describe: string
  /** Given alone on the command line, the flag means `true`. */
  readonly bare?: boolean
  readonly option: (value: Option) => string
}

const setting = <T, Flag extends string, Option>(definition: Setting<T, Flag, Option>): Setting<T, Flag, Option> => definition

/** An option as text; instantiated per setting (`asText<number>`) so that each option keeps its own type. */
const asText = <Option extends string | number | boolean>(value: Option): string => String(value)
const asList = (value: string | readonly string[]): string => typeof value === 'string' ? value : value.join(',')

/** Every setting, in the order of the README's table and of `--help`. Adding a setting is one entry here. */
export const SETTINGS = {
  port: setting({ env: 'PORT', flag: 'port', parse: parsePort, default: 4010, option: asText<number>, describe: 'port to listen on; `0` picks a free one' }),
  host: setting({ env: 'HOST', flag: 'host', parse: parseHost, default: '127.0.0.1', option: asText<string>, describe: 'address to listen on (`0.0.0.0` in a container)' }),
  logLevel: setting({ env: 'LOG_LEVEL', flag: 'log-level', parse: oneOf(LOG_LEVELS), default: 'info' as LogLevel, option: asText<LogLevel>, describe: '`fatal`, `error`, `warn`, `info`, `debug` (one line per request), `trace`, `silent`' }),
  logFormat: setting({ env: 'VENICE_MOCK_LOG_FORMAT', flag: 'log-format', parse: oneOf(LOG_FORMATS), default: 'auto' as LogFormat, option: asText<LogFormat>, describe: '`json`, `pretty`, or `auto`: pretty on a terminal, JSON otherwise' }),
  auth: setting({ env: 'VENICE_MOCK_AUTH', flag: 'auth', parse: oneOf(AUTH_MODES), default: 'optional' as AuthMode, option: asText<AuthMode>, describe: '`optional` (the live API: no key is fine, a key that is sent is checked), `required` or `off` (see Authentication)' }),
  apiKeys: setting({ env: 'VENICE_MOCK_API_KEYS', flag: 'api-keys', parse: parseApiKeys, default: null, option: asList, describe: 'comma-separated accepted keys; unset accepts any non-empty key' }),
  fixturesDir: setting({ env: 'VENICE_MOCK_FIXTURES', flag: 'fixtures', parse: parseFixturesDir, default: BUILT_IN_FIXTURES, shownDefault: 'the built-in `fixtures/`', option: asText<string>, describe: 'a fixture file or directory that replaces the built-in catalog: a captured `GET /models` answer, a directory of captures, or the `models/` layout (see Your own catalog)' }),
  watch: setting({ env: 'VENICE_MOCK_WATCH', flag: 'watch', parse: parseBoolean, default: false, bare: true, option: asText<boolean>, describe: 'reload the catalog when the fixtures change' }),
  strict: setting({ env: 'VENICE_MOCK_STRICT', flag: 'strict', parse: parseBoolean, default: false, bare: true, option: asText<boolean>, describe: 'refuse models that deviate from the published contract instead of serving them as given with a warning (see strict mode)' }),
  controls: setting({ env: 'VENICE_MOCK_CONTROLS', flag: 'controls', parse: parseOnOff, default: true, shownDefault: '`on`', option: asText<boolean | 'on' | 'off'>, describe: 'honour the `Prefer` header (forced statuses, delays, faults); `off` behaves like production' }),
  latency: setting({ env: 'VENICE_MOCK_LATENCY', flag: 'latency', parse: parseLatencySetting, default: null, option: asText<number | string>, describe: 'latency added to every API answer, in ms: `150`, or a range `50-400`' }),
  errorRate: setting({ env: 'VENICE_MOCK_ERROR_RATE', flag: 'error-rate', parse: parseErrorRate, default: 0, option: asText<number>, describe: 'share of API requests answered 500, from 0 to 1' }),
  seed: setting({ env: 'VENICE_MOCK_SEED', flag: 'seed', parse: (raw: string) => raw, default: undefined as string | undefined, option: asText<string | number>, describe: 'seed for latency ranges and random errors: the same seed fails the same requests every run' }),
  keysFile: setting({ env: 'VENICE_MOCK_KEYS_FILE', flag: 'keys-file', parse: parseKeysFile, default: null, option: asText<string>, describe: 'JSON or YAML file of key personas (below); keys not in it (or in `VENICE_MOCK_API_KEYS`) are unknown' }),
  rateLimit: setting({ env: 'VENICE_MOCK_RATE_LIMIT', flag: 'rate-limit', parse: parsePositiveInteger, default: null, option: asText<number>, describe: 'requests per minute per key; unset, no limit' }),
  abuseBlock: setting({ env: 'VENICE_MOCK_ABUSE_BLOCK', flag: 'abuse-block', parse: parseBoolean, default: false, bare: true, option: asText<boolean>, describe: 'block a key for 30 s after more than 20 failures within 30 s, as the live API does' }),
  adminKey: setting({ env: 'VENICE_MOCK_ADMIN_KEY', flag: 'admin-key', parse: parseSecret, default: null, option: asText<string>, describe: 'bearer key of the admin API under `/__admin`; unset, the admin API does not exist' }),
  journalSize: setting({ env: 'VENICE_MOCK_JOURNAL_SIZE', flag: 'journal-size', parse: parseJournalSize, default: 1000, option: asText<number>, describe: 'requests the journal keeps (with an admin key, or in-process)' }),
  cors: setting({ env: 'VENICE_MOCK_CORS', flag: 'cors', parse: parseCors, default: '*' as CorsOrigins, option: asList, describe: 'origins browsers may call from: `*` (any), a comma-separated list such as `http://localhost:5173`, or `off`' })
}

export type SettingName = keyof typeof SETTINGS
type ValueOf<Name extends SettingName> = typeof SETTINGS[Name]['default']

/**
 * The configuration: every setting's value by its name, except that the keys file and VENICE_MOCK_API_KEYS become
 * `personas` (plain active keys that see every model, plus the file's personas; `null` accepts any key).
 */
export type Config = { readonly [Name in Exclude<SettingName, 'keysFile'>]: ValueOf<Name> } & {
  readonly personas: ReadonlyMap<string, Persona> | null
}

/** What the README's table and `--help` show as a setting's default. */
export function shownDefault (definition: Setting<unknown>): string {
  if (definition.shownDefault !== undefined) return definition.shownDefault
  return definition.default === null || definition.default === undefined ? 'unset' : `\`${String(definition.default)}\``
}

/** Each setting as documented: environment variable, flag, default and meaning. */
export const SETTING_DOCS: ReadonlyArray<Setting<unknown>> = Object.values(SETTINGS) as ReadonlyArray<Setting<unknown>>

/** The command-line flags that mirror the settings, as node:util parseArgs options. */
const FLAG_OPTIONS = Object.fromEntries(SETTING_DOCS.map(definition => [definition.flag, { type: 'string' as const }]))
const BARE_FLAGS = new Set(SETTING_DOCS.filter(definition => definition.bare === true).map(definition => definition.flag))

/** `--watch` alone means `--watch=true`; parseArgs wants a value for string options. */
function withFlagValues (argv: readonly string[]): string[] {
  return argv.flatMap((arg, index) => {
    const next = argv[index + 1]
    const bare = arg.startsWith('--') && BARE_FLAGS.has(arg.slice(2))
    return bare && (next === undefined || next.startsWith('--')) ? [`${arg}=true`] : [arg]
  })
}

/** One setting: the value given on the command line (`raw`, named `rawName` in errors), else its variable, else its default. */
export function readSetting<T> (definition: Pick<Setting<T>, 'env' | 'parse' | 'default'>, env: Readonly<Record<string, string | undefined>>, raw: string | undefined, rawName: string): T {
  if (raw !== undefined) return definition.parse(raw, rawName)
  const fromEnv = env[definition.env]
  return fromEnv === undefined ? definition.default : definition.parse(fromEnv, definition.env)
}

/**
 * Build the configuration from environment variables, overridden by command-line flags.
 * Throws ConfigError whose message names the offending variable or flag.
 */
export function loadConfig (env: Readonly<Record<string, string | undefined>>, argv: readonly string[] = []): Config {
  let flags: Record<string, string | boolean | undefined>
  try {
    flags = parseArgs({ args: withFlagValues(argv), options: FLAG_OPTIONS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new ConfigError((error as Error).message)
  }
  const values = Object.fromEntries(Object.entries(SETTINGS).map(([name, definition]) => {
    const fromFlag = flags[definition.flag]
    return [name, readSetting(definition as Setting<unknown>, env, typeof fromFlag === 'string' ? fromFlag : undefined, `--${definition.flag}`)]
  }))
  const { keysFile, ...settings } = values as { [Name in SettingName]: ValueOf<Name> }
  return Object.freeze({ ...settings, personas: mergePersonas(settings.apiKeys, keysFile) })
}
