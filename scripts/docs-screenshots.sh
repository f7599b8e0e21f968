#!/usr/bin/env bash
# Refresh the README's pictures: the fleet table, docs/fleet-table.png, and the fleet page at a phone's, a
# small laptop's and a desktop's width, docs/fleet-{390,1024,1400}.png (`npm run docs:screenshots`).
# The end-to-end suite takes the same picture of its labelled e2e fleet under test-results/ and never writes
# into the work tree; this script runs that one test with ROAUDIT_SCREENSHOT_DIR=docs, on purpose.
# It needs what the end-to-end tests need: an engine (DOCKER_HOST, else the default socket, else, as root, a
# private engine), the fixture images and a production build (made here). The picture shows the rows the
# filter `e2e-` matches: on an engine holding other containers named e2e-…, use one without them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/lib.sh

ensure_node_modules
ensure_engine
ensure_fixture_images
npx next build
ROAUDIT_SCREENSHOT_DIR="$PWD/docs" npx playwright test e2e/fleet-ui.spec.ts e2e/accessibility.spec.ts \
  --grep "screenshot" --retries 0
roaudit_say "wrote docs/fleet-table.png and docs/fleet-{390,1024,1400}.png"
