// Prints the README's configuration table from the settings table in src/config.ts (a test keeps the two equal):
// `npx tsx scripts/settings-table.ts`, then paste it under "## Configuration".
import { pathToFileURL } from 'node:url'
import { SETTING_DOCS, shownDefault } from '../src/config.js'

export function settingsTable (): string {
  const rows = SETTING_DOCS.map(setting => `| \`${setting.env}\` | \`--${setting.flag}\` | ${shownDefault(setting)} | ${setting.describe} |`)
  return ['| variable | flag | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.stdout.write(`${settingsTable()}\n`)
