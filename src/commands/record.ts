// `record`: captures a live API's catalog into a fixture directory, validated, written whole or not at all.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { FixtureError, formatProblems } from '../catalog/fixture-problems.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import { PACKAGE_NAME, PACKAGE_VERSION } from '../package-info.js'
import { fetchRemoteCatalog, RemoteError, type FetchOptions, type RemoteCatalog } from '../remote/fetch-remote-catalog.js'
import { MODEL_TYPES, type ModelType } from '../schemas/model-types.js'

export interface RecordOptions extends FetchOptions {
  outDir: string
  /** Replace an existing, non-empty output directory. */
  force?: boolean
  now?: Date
}

export interface RecordResult {
  directory: string
  models: number
  files: number
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

async function isNonEmptyDirectoryOrFile (path: string): Promise<boolean> {
  try {
    const info = await stat(path)
    if (!info.isDirectory()) return true
    return (await readdir(path)).length > 0
  } catch {
    return false
  }
}

/** Fetches, writes into a temporary sibling directory, validates, then renames it into place. */
export async function recordCatalog (options: RecordOptions): Promise<RecordResult> {
  const outDir = resolve(options.outDir)
  if (options.force !== true && await isNonEmptyDirectoryOrFile(outDir)) {
    throw new RemoteError(`${outDir} already exists and is not empty; choose another --out or pass --force to replace it`)
  }
  // The parent is made first, so that a path that cannot hold a directory fails before any request is sent.
  await mkdir(dirname(outDir), { recursive: true })
  const remote = await fetchRemoteCatalog(options)
  const suffix = randomBytes(4).toString('hex')
  const staging = join(dirname(outDir), `.${basename(outDir)}.recording-${suffix}`)
  const previous = join(dirname(outDir), `.${basename(outDir)}.previous-${suffix}`)
  try {
    const files = fixtureFiles(remote, options.now ?? new Date())
    for (const [path, content] of files) {
      await mkdir(dirname(join(staging, path)), { recursive: true })
      await writeFile(join(staging, path), content)
    }
    const catalog = await loadCatalog(staging)
    let replaced = false
    try {
      await rename(outDir, previous)
      replaced = true
    } catch {
      // Nothing there yet.
    }
    await rename(staging, outDir)
    if (replaced) await rm(previous, { recursive: true, force: true })
    return { directory: outDir, models: catalog.size, files: files.size }
  } catch (error) {
    if (error instanceof FixtureError) {
      throw new RemoteError(`the recorded catalog does not validate, so nothing was written (run \`${PACKAGE_NAME} diff\` to see the drift):\n${formatProblems(error.problems)}`)
    }
    /* c8 ignore start: a write failing midway, which a test running as root cannot provoke */
    throw error
  } finally {
    /* c8 ignore stop */
    await rm(staging, { recursive: true, force: true })
  }
}
