#!/usr/bin/env node
// Executable entry point of the `venice-models-mock` command.
import { statSync } from 'node:fs'
import module from 'node:module'

// Node 22.1 and later keep compiled code on disk, so every start after the first skips most of the compiling.
;(module as { enableCompileCache?: () => unknown }).enableCompileCache?.()

/**
 * `npm run build` also bundles the command line into this one file, which starts in about half the time of the
 * hundreds of modules it is made of. Without it (tsx), or when it is older than the modules (a tsc-only rebuild),
 * the modules are loaded as they are.
 */
function bundleUrl (): string | undefined {
  const bundle = new URL('./venice-models-mock.mjs', import.meta.url)
  const bundled = statSync(bundle, { throwIfNoEntry: false })
  const cli = statSync(new URL('./cli.js', import.meta.url), { throwIfNoEntry: false })
  return bundled !== undefined && (cli === undefined || bundled.mtimeMs >= cli.mtimeMs) ? bundle.href : undefined
}

const { main } = await import(bundleUrl() ?? './cli.js') as typeof import('./cli.js')
await main(process.argv.slice(2), process.env)
