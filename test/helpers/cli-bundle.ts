// The command line bundled by esbuild once per test process, so that spawned emulators start from one plain JavaScript
// file: about a third of the CPU of src/bin.ts under tsx, whose loader runs every module through a hook thread.
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildSync } from 'esbuild'
import { REPO_ROOT } from './fixtures.js'

let bundle: string | undefined

/** The path of a bundle of src/cli.ts's `main` with the command line's arguments and environment, built on first use. */
export function cliBundle (): string {
  if (bundle !== undefined) return bundle
  // Under node_modules, so the packages left outside the bundle (as in the published one) resolve as they do from src/.
  const directory = join(REPO_ROOT, 'node_modules', '.cache', 'venice-models-mock')
  const outfile = join(directory, `test-cli-${process.pid}.mjs`)
  mkdirSync(directory, { recursive: true })
  buildSync({
    absWorkingDir: REPO_ROOT,
    stdin: { contents: "import { main } from './src/cli.ts'\nawait main(process.argv.slice(2), process.env)\n", resolveDir: REPO_ROOT, sourcefile: 'test-cli.ts', loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['pino-pretty', '@fastify/swagger-ui', 'zod'],
    // The sources find fixtures/, package.json and openapi.yaml from their own URL, one level below the root.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(REPO_ROOT, 'src', 'cli.ts')).href) },
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
    logLevel: 'warning'
  })
  process.once('exit', () => rmSync(outfile, { force: true }))
  bundle = outfile
  return bundle
}
