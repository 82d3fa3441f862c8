// The command line bundled by esbuild once per test process, so that spawned emulators start from one plain JavaScript
// file: about a third of the CPU of src/bin.ts under tsx, whose loader runs every module through a hook thread.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildSync } from 'esbuild'
import { CLI_BUNDLE_OPTIONS } from '../../scripts/cli-bundle-options.js'
import { REPO_ROOT } from './fixtures.js'

// Under node_modules, so the packages left outside the bundle (as in the published one) resolve as they do from src/.
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'venice-models-mock')
// A process killed before its exit handler ran (a tap timeout, Ctrl-C) leaves its bundle: swept by later runs.
const STALE_MS = 60 * 60 * 1000

let bundle: string | undefined

function sweepStale (): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name)
    // Another process may sweep the same entry first.
    const modified = name.startsWith('test-cli-') ? statSync(path, { throwIfNoEntry: false })?.mtimeMs : undefined
    if (modified !== undefined && Date.now() - modified > STALE_MS) rmSync(path, { recursive: true, force: true })
  }
}

/** The path of a bundle of src/cli.ts's `main` with the command line's arguments and environment, built on first use. */
export function cliBundle (): string {
  if (bundle !== undefined) return bundle
  mkdirSync(CACHE, { recursive: true })
  sweepStale()
  // A directory of its own: concurrent test processes (or containers sharing node_modules) never share a file.
  const directory = mkdtempSync(join(CACHE, 'test-cli-'))
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }))
  const outfile = join(directory, 'cli.mjs')
  buildSync({
    absWorkingDir: REPO_ROOT,
    stdin: { contents: "import { main } from './src/cli.ts'\nawait main(process.argv.slice(2), process.env)\n", resolveDir: REPO_ROOT, sourcefile: 'test-cli.ts', loader: 'ts' },
    outfile,
    ...CLI_BUNDLE_OPTIONS,
    // The sources find fixtures/, package.json and openapi.yaml from their own URL, one level below the root.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'cli.ts')).href) }
  })
  bundle = outfile
  return bundle
}
