// The README's configuration table, made from the settings table in src/config.ts; a test keeps the README equal to it.
import { SETTING_DOCS, shownDefault } from '../src/config.js'

export function settingsTable (): string {
  const rows = SETTING_DOCS.map(setting => `| \`${setting.env}\` | \`--${setting.flag}\` | ${shownDefault(setting)} | ${setting.describe} |`)
  return ['| variable | flag | default | meaning |', '| --- | --- | --- | --- |', ...rows].join('\n')
}
