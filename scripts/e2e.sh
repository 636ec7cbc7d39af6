#!/usr/bin/env bash
# End-to-end test of the web page in a real headless Chromium (crates/mandat-server/tests/e2e.rs):
# open the page, choose Kazakhstan 2021, move the threshold from 7% to 5%, see Auyl win 6 seats
# in the table and the hemicycle, run a projection, check the page at a phone's width.
#
# usage: scripts/e2e.sh            installs chromium + chromium-driver (Debian packages) if
#                                  missing, then runs the test
# env:   MANDAT_SCREENSHOTS=docs   write the screenshots to docs/screenshots/ (default: the
#                                  test's temporary folder under the target directory)
#        CHROMIUM, CHROMEDRIVER    paths, if not /usr/bin/chromium and /usr/bin/chromedriver
#        CARGO_TARGET_DIR          as usual
#
# Without chromium the test itself prints "SKIPPED e2e: ..." and passes, so that
# `cargo test --workspace` stays green on a machine without a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
fi
chromium --version
chromedriver --version

cargo test -p mandat-server --test e2e -- --nocapture
