// `npm test` runs this first: it builds tap's plugins when package.json's "tap.plugin" names another set than the one
// tap is built with (a fresh `npm ci` installs tap's default set). tap would rebuild on its own, but the run that
// notices still starts every test with the old set's loaders (ts-node's among them), which doubles that run's time.
import { execFileSync } from 'node:child_process'
import { TapConfig } from '@tapjs/config'

const config = await TapConfig.load()
const built = await import('@tapjs/test').then(({ signature }) => signature, () => undefined)
if (config.pluginSignature !== built) {
  console.error('tap: building the plugins package.json names (once after npm ci)')
  execFileSync('npx', ['--no-install', 'tap', 'build'], { stdio: 'inherit' })
}
