#!/bin/bash
# packaging_debs: builds the Debian packages the other package tests install
# (packaging/deb/build, lintian included) into $OPENVSM_DEB_DIR.
# Needs root only for the tests that use them; exits 77 (skipped) without root, as they do, or
# without dpkg-dev, lintian or mmdebstrap.
set -euo pipefail
src=${OPENVSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: needs root (the package tests that install these packages do)" >&2
    exit 77
fi
for tool in dpkg-buildflags lintian mmdebstrap; do
    command -v "$tool" >/dev/null || {
        echo "SKIP: $tool is not installed (packaging/dev/install-deps)" >&2
        exit 77
    }
done
"$src/packaging/deb/build" --out "${OPENVSM_DEB_DIR:-$src/build/deb}"
