#!/usr/bin/env node
// Executable entry point of the `venice-models-mock` command.
import { main } from './cli.js'

await main(process.argv.slice(2), process.env)
