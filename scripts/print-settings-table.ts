// Prints the README's configuration table (`npx tsx scripts/print-settings-table.ts`), to paste under "## Configuration".
import { settingsTable } from './settings-table.js'

process.stdout.write(`${settingsTable()}\n`)
