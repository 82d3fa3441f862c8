#!/usr/bin/env bash
# Consumer tests: packs the package as npm would publish it, checks the packed-size budget, installs the tarball into
# each project under test/consumers/ (from its committed lock file, `npm ci`) and runs its tests, on each Node given.
#
#   test/consumers/run.sh                      # this machine's node
#   test/consumers/run.sh 22.23.5 24.21.0      # plus these versions (.ci/node-binary fetches them from the npm registry)
#   CONSUMERS="jest-cjs msw" test/consumers/run.sh   # only these projects
#   RELOCK=1 test/consumers/run.sh             # after a dependency change: npm install, and copy the lock files back
#
# The projects run in a temporary copy, so nothing lands in the repository. Their test files are .js (no .test.ts):
# the root tap run does not pick them up.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

# Packed-size budget (README, "Development"): the tarball, its unpacked size and its file count.
MAX_PACKED_BYTES=800000
MAX_UNPACKED_BYTES=4500000
MAX_FILES=260

consumers=(${CONSUMERS:-jest-cjs vitest node-test msw typescript})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

echo "== npm pack (prepack builds dist/)"
npm pack --pack-destination "$work" --json >"$work/pack.json"
read -r tarball packed unpacked files < <(node -e "
  const [p] = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))
  console.log(p.filename, p.size, p.unpackedSize, p.entryCount)" "$work/pack.json")
echo "package: $tarball, $packed bytes packed, $unpacked bytes unpacked, $files files"
if [ "$packed" -gt "$MAX_PACKED_BYTES" ] || [ "$unpacked" -gt "$MAX_UNPACKED_BYTES" ] || [ "$files" -gt "$MAX_FILES" ]; then
  echo "FAIL: over the budget of $MAX_PACKED_BYTES bytes packed, $MAX_UNPACKED_BYTES unpacked, $MAX_FILES files"
  failures=$((failures + 1))
fi
if tar -tzf "$work/$tarball" | grep -E '\.map$|^package/src/|^package/test/'; then
  echo "FAIL: the package holds source maps, src/ or test/"
  failures=$((failures + 1))
fi

# run_consumers LABEL: each project with whatever node and npm are first on PATH.
run_consumers () {
  local label=$1 name dir start
  for name in "${consumers[@]}"; do
    dir=$work/$label/$name
    mkdir -p "$dir"
    cp -r "test/consumers/$name/." "$dir/"
    cp "$work/$tarball" "$dir/venice-models-mock.tgz"
    start=$(date +%s)
    if [ "${RELOCK:-0}" = 1 ]; then
      (cd "$dir" && rm -f package-lock.json && npm install --no-audit --no-fund --loglevel=error) && cp "$dir/package-lock.json" "test/consumers/$name/"
    else
      # The tarball is rebuilt on every run: its integrity in the lock file cannot match, everything else must.
      node -e "
        const fs = require('node:fs'), lock = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'))
        delete lock.packages['node_modules/venice-models-mock'].integrity
        fs.writeFileSync(process.argv[1], JSON.stringify(lock, null, 2))" "$dir/package-lock.json"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >"$dir/install.log" 2>&1) || { tail -n 20 "$dir/install.log"; echo "FAIL: $name on $label: npm ci (RELOCK=1 if a dependency changed)"; failures=$((failures + 1)); continue; }
    fi
    if (cd "$dir" && npm test >"$dir/test.log" 2>&1); then
      echo "PASS: $name on $label ($(($(date +%s) - start)) s)"
    else
      tail -n 40 "$dir/test.log"
      echo "FAIL: $name on $label"
      failures=$((failures + 1))
    fi
  done
}

run_consumers "node-$(node --version)"
for version in "$@"; do
  node_dir=$(.ci/node-binary "$version")
  PATH="$node_dir/bin:$PATH" run_consumers "node-v$version"
done

echo "consumers: $failures failed"
[ "$failures" = 0 ]
