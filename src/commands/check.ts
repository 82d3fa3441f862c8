// `check`: validates a fixture directory without starting a server, for people and (with --json) for CI.
import { FixtureError, formatProblems, type FixtureProblem } from '../catalog/fixture-problems.js'
import { loadCatalog } from '../catalog/load-catalog.js'
import type { CheckOptions } from './options.js'
import type { ModelType } from '../schemas/model-types.js'

export interface CheckReport {
  valid: boolean
  directory: string
  models: number
  types: Partial<Record<ModelType, number>>
  problems: readonly FixtureProblem[]
  warnings: readonly FixtureProblem[]
}

export async function checkFixtures (directory: string): Promise<CheckReport> {
  try {
    const catalog = await loadCatalog(directory)
    const types = Object.fromEntries(Object.entries(catalog.countsByType).filter(([, count]) => count > 0))
    return { valid: true, directory, models: catalog.size, types, problems: [], warnings: catalog.warnings }
  } catch (error) {
    /* c8 ignore next: loadCatalog reports every fixture problem as a FixtureError; anything else is a bug */
    if (!(error instanceof FixtureError)) throw error
    return { valid: false, directory, models: 0, types: {}, problems: error.problems, warnings: [] }
  }
}

export function formatCheckReport (report: CheckReport): string {
  const lines = report.valid
    ? [`✓ ${report.directory}: valid, ${report.models} models (${Object.entries(report.types).map(([type, count]) => `${type} ${count}`).join(', ')})`]
    : [`✗ ${report.directory}: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`, formatProblems(report.problems)]
  if (report.warnings.length > 0) lines.push(`${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}:`, formatProblems(report.warnings))
  return `${lines.join('\n')}\n`
}

/** Prints the report; the exit code is 0 for a valid directory and 1 otherwise. */
export async function runCheck (options: CheckOptions, write: (text: string) => void): Promise<number> {
  const report = await checkFixtures(options.directory)
  write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report))
  return report.valid ? 0 : 1
}
