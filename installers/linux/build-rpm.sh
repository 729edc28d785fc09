#!/usr/bin/env bash
# Builds farmwatch-agent-<version>-1.x86_64.rpm (rpmbuild; on Debian: apt-get install rpm).
# usage: installers/linux/build-rpm.sh BINARY VERSION OUT_DIR
# RPM_PAYLOAD (default w6.gzdio) picks the payload compression.
set -euo pipefail

binary=${1:?usage: build-rpm.sh BINARY VERSION OUT_DIR}
version=${2:?version missing}
out_dir=${3:?output directory missing}
here=$(cd "$(dirname "$0")" && pwd)

[ -x "$binary" ] || { echo "build-rpm: $binary is not an executable file" >&2; exit 3; }
[[ "$version" =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || { echo "build-rpm: '$version' is not an RPM version" >&2; exit 3; }

top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
rpmbuild -bb --quiet \
  --define "_topdir $top" \
  --define "_binary_payload ${RPM_PAYLOAD:-w6.gzdio}" \
  --define "agent_version $version" \
  --define "agent_binary $(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")" \
  --define "source_dir $here" \
  --target x86_64 "$here/farmwatch-agent.spec" >/dev/null
mkdir -p "$out_dir"
rpm="$out_dir/farmwatch-agent-$version-1.x86_64.rpm"
mv "$top/RPMS/x86_64/farmwatch-agent-$version-1.x86_64.rpm" "$rpm"
echo "$rpm"
