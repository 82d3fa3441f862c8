// `record`: captures a live API's catalog into a fixture directory, validated, written whole or not at all.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { FixtureError, formatDeviations, formatProblems, type FixtureProblem } from '../catalog/fixture-problems.js'
import { SECTIONS } from '../catalog/fixture-layout.js'
import { isIgnorable, loadCatalog } from '../catalog/load-catalog.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from '../package-info.js'
import { fetchRemoteCatalog, RemoteError, type FetchOptions, type RemoteCatalog } from '../remote/fetch-remote-catalog.js'
import { MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import { plural } from '../plural.js'

export interface RecordOptions extends FetchOptions {
  outDir: string
  /** Replace an existing, non-empty output directory. */
  force?: boolean
  /** Refuse a recording that deviates from the published contract, instead of writing it and reporting the deviations. */
  strict?: boolean
  now?: Date
}

export interface RecordResult {
  directory: string
  models: number
  files: number
  /** Where the recorded answers depart from the published contract: the server would serve them as given. */
  deviations: readonly FixtureProblem[]
}

/** Types in the order their first model appears in `?type=all`, then the types it does not list. */
function liveTypeOrder (all: unknown): ModelType[] {
  const data = (all as { data?: unknown } | null)?.data
  const seen = Array.isArray(data) ? data.map(model => (model as { type?: unknown } | null)?.type) : []
  const order = [...new Set(seen)].filter((type): type is ModelType => (MODEL_TYPES as readonly unknown[]).includes(type))
  return [...order, ...MODEL_TYPES.filter(type => !order.includes(type))]
}

function json (value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function fixtureFiles (remote: RemoteCatalog, now: Date): Map<string, string> {
  const files = new Map<string, string>()
  liveTypeOrder(remote.all).forEach((type, index) => {
    files.set(`models/${String(index + 1).padStart(2, '0')}-${type}.json`, json(remote.lists.get(type)))
  })
  for (const type of MODEL_TYPES) {
    files.set(`traits/${type}.json`, json(remote.traits.get(type)))
    files.set(`compatibility_mapping/${type}.json`, json(remote.compatibilityMapping.get(type)))
  }
  files.set('README.md', [
    '# Recorded Venice models catalog',
    '',
    `Recorded from ${remote.baseUrl} on ${now.toISOString()} by ${PACKAGE_NAME} ${PACKAGE_VERSION}`,
    `(\`${PACKAGE_NAME} record --from ${remote.baseUrl}\`). Each file holds an answer of that API as it came,`,
    'pretty-printed; model files are numbered in the order of `GET /models?type=all`.',
    ''
  ].join('\n'))
  return files
}

/** What stands at --out: nothing, an empty directory, a fixture directory (safe to replace), or anything else. */
async function describeOut (path: string): Promise<'absent' | 'empty' | 'fixtures' | string> {
  let info
  try {
    info = await stat(path)
  } catch {
    return 'absent'
  }
  if (!info.isDirectory()) return 'a file'
  const entries = await readdir(path)
  if (entries.length === 0) return 'empty'
  const foreign = entries.find(name => !(SECTIONS as readonly string[]).includes(name) && !isIgnorable(name))
  return foreign === undefined ? 'fixtures' : `other files (${JSON.stringify(foreign)})`
}

/** The nearest existing ancestor must be a directory, or --out can never be written. */
async function checkParent (outDir: string): Promise<void> {
  // The file-system root always exists, so the walk ends.
  for (let path = dirname(outDir); ; path = dirname(path)) {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined) continue
    if (!info.isDirectory()) throw new RemoteError(`cannot write ${outDir}: ${path} is a file, not a directory`)
    return
  }
}

/** Fetches, writes into a temporary sibling directory, validates, then renames it into place. */
export async function recordCatalog (options: RecordOptions): Promise<RecordResult> {
  const outDir = resolve(options.outDir)
  const existing = await describeOut(outDir)
  if (existing === 'fixtures' && options.force !== true) {
    throw new RemoteError(`${outDir} already exists and is not empty; choose another --out or pass --force to replace it`)
  }
  if (existing !== 'absent' && existing !== 'empty' && existing !== 'fixtures') {
    throw new RemoteError(`${outDir} already exists and holds ${existing}; --out must be a new directory, an empty one, or a fixture directory (and --force replaces only that)`)
  }
  await checkParent(outDir)
  const remote = await fetchRemoteCatalog(options)
  // Made only now, so that a failed fetch leaves no new directories; removed again if the recording fails.
  const createdParent = await mkdir(dirname(outDir), { recursive: true })
  const suffix = randomBytes(4).toString('hex')
  const staging = join(dirname(outDir), `.${basename(outDir)}.recording-${suffix}`)
  const previous = join(dirname(outDir), `.${basename(outDir)}.previous-${suffix}`)
  let recorded = false
  try {
    const files = fixtureFiles(remote, options.now ?? new Date())
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true })
      await writeFile(join(staging, path), content)
    }
    const catalog = await loadCatalog(staging)
    if (options.strict === true && catalog.deviations.length > 0) {
      throw new RemoteError(`the recorded answers deviate from the published contract in ${plural(catalog.deviations.length, 'place')}, which strict mode (--strict or VENICE_MOCK_STRICT=true) refuses, so nothing was written:\n${formatDeviations(catalog.deviations, 'record without --strict, then check the directory, to list them all')}`)
    }
    const replacing = existing !== 'absent'
    if (replacing) await rename(outDir, previous)
    try {
      await rename(staging, outDir)
    /* c8 ignore start: a rename failing between two renames in one directory, which a test cannot provoke */
    } catch (error) {
      if (replacing) await rename(previous, outDir)
      throw error
    }
    /* c8 ignore stop */
    if (replacing) await rm(previous, { recursive: true, force: true })
    recorded = true
    return { directory: outDir, models: catalog.size, files: files.size, deviations: catalog.deviations }
  } catch (error) {
    if (error instanceof FixtureError) {
      throw new RemoteError(`the recorded catalog does not validate, so nothing was written (run \`${PACKAGE_NAME} diff\` to see the drift):\n${formatProblems(error.problems)}`)
    }
    /* c8 ignore start: a write failing midway, which a test running as root cannot provoke */
    throw error
  } finally {
    /* c8 ignore stop */
    await rm(staging, { recursive: true, force: true })
    if (!recorded && createdParent !== undefined) await rm(createdParent, { recursive: true, force: true })
  }
}
