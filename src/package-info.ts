// Name and version of this package, read once from its package.json (one level above both src/ and dist/).
import { readFileSync } from 'node:fs'

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string, version: string, description: string }

export const PACKAGE_NAME = manifest.name
export const PACKAGE_VERSION = manifest.version
export const PACKAGE_DESCRIPTION = manifest.description
