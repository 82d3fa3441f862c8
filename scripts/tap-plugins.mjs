// `npm test` runs this first: it builds tap's plugins when package.json's "tap.plugin" names another set than the one
// tap is built with (a fresh `npm ci` installs tap's default set). tap would rebuild on its own, but the run that
// notices still starts every test with the old set's loaders (ts-node's among them), which doubles that run's time.
// @tapjs/config and @tapjs/test are tap's own packages, installed with it: they hold the two sets.
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// tap reads its configuration from the working directory's project.
process.chdir(fileURLToPath(new URL('..', import.meta.url)))
const { TapConfig } = await import('@tapjs/config')
const config = await TapConfig.load()
const built = await import('@tapjs/test').then(({ signature }) => signature, () => undefined)
if (config.pluginSignature !== built) {
  console.error('tap: building the plugins package.json names (once after npm ci)')
  const tap = createRequire(import.meta.url).resolve('tap/package.json')
  execFileSync(process.execPath, [join(dirname(tap), 'dist', 'esm', 'run.mjs'), 'build'], { stdio: 'inherit' })
}
