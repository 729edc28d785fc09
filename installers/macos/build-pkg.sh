#!/usr/bin/env bash
# Builds farmwatch-agent-<version>-<arch>.pkg on macOS (pkgbuild + productbuild).
# usage: installers/macos/build-pkg.sh BINARY VERSION OUT_DIR
#   BINARY: dist/farmwatch-agent-darwin-x64 or -darwin-arm64 (built on that Mac).
#   CODESIGN_IDENTITY: "Developer ID Application: ..." to sign the binary with the hardened
#     runtime (default: ad hoc, enough for MDM-deployed packages on your own fleet).
#   INSTALLER_IDENTITY: "Developer ID Installer: ..." to sign the package (notarise it after).
set -euo pipefail

binary=${1:?usage: build-pkg.sh BINARY VERSION OUT_DIR}
version=${2:?version missing}
out_dir=${3:?output directory missing}
here=$(cd "$(dirname "$0")" && pwd)

[ "$(uname -s)" = Darwin ] || { echo "build-pkg: pkgbuild and codesign exist only on macOS" >&2; exit 3; }
[ -x "$binary" ] || { echo "build-pkg: $binary is not an executable file" >&2; exit 3; }
arch=$(lipo -archs "$binary")

payload=$(mktemp -d)
trap 'rm -rf "$payload"' EXIT
install -d -m 0755 "$payload/usr/local/bin" "$payload/Library/LaunchDaemons"
install -m 0755 "$binary" "$payload/usr/local/bin/farmwatch-agent"
install -m 0644 "$here/com.farmwatch.agent.plist" "$payload/Library/LaunchDaemons/com.farmwatch.agent.plist"
plutil -lint "$payload/Library/LaunchDaemons/com.farmwatch.agent.plist"

# postject invalidated the node binary's signature: replace it.
codesign --remove-signature "$payload/usr/local/bin/farmwatch-agent" 2>/dev/null || true
if [ -n "${CODESIGN_IDENTITY:-}" ]; then
  codesign --sign "$CODESIGN_IDENTITY" --options runtime --timestamp \
    --entitlements "$here/entitlements.plist" "$payload/usr/local/bin/farmwatch-agent"
else
  codesign --sign - "$payload/usr/local/bin/farmwatch-agent"
fi
codesign --verify --verbose "$payload/usr/local/bin/farmwatch-agent"

mkdir -p "$out_dir"
component="$payload.component.pkg"
pkgbuild --root "$payload" --scripts "$here/scripts" --identifier com.farmwatch.agent \
  --version "$version" --install-location / --ownership recommended "$component"
product="$out_dir/farmwatch-agent-$version-$arch.pkg"
productbuild --package "$component" --identifier com.farmwatch.agent --version "$version" \
  ${INSTALLER_IDENTITY:+--sign "$INSTALLER_IDENTITY"} "$product"
rm -f "$component"
echo "$product"
