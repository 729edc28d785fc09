#!/usr/bin/env bash
# Builds farmwatch-agent_<version>_amd64.deb from the single-file Linux executable.
# usage: installers/linux/build-deb.sh BINARY VERSION OUT_DIR
# DEB_COMPRESSION (default gzip: readable by every dpkg) picks dpkg-deb's compressor.
set -euo pipefail

binary=${1:?usage: build-deb.sh BINARY VERSION OUT_DIR}
version=${2:?version missing}
out_dir=${3:?output directory missing}
here=$(cd "$(dirname "$0")" && pwd)

[ -x "$binary" ] || { echo "build-deb: $binary is not an executable file" >&2; exit 3; }
[[ "$version" =~ ^[0-9][0-9A-Za-z.+~-]*$ ]] || { echo "build-deb: '$version' is not a Debian version" >&2; exit 3; }

tree=$(mktemp -d)
chmod 0755 "$tree"
trap 'rm -rf "$tree"' EXIT
install -d -m 0755 "$tree/DEBIAN" "$tree/usr/bin" "$tree/usr/lib/systemd/system" "$tree/usr/share/doc/farmwatch-agent"
install -m 0755 "$binary" "$tree/usr/bin/farmwatch-agent"
install -m 0644 "$here/farmwatch-agent.service" "$tree/usr/lib/systemd/system/farmwatch-agent.service"
install -m 0644 "$here/../../LICENSE" "$tree/usr/share/doc/farmwatch-agent/copyright" 2>/dev/null \
  || printf 'FarmWatch agent, Apache-2.0. Bundles Node.js (MIT) and npm packages under their licences.\n' > "$tree/usr/share/doc/farmwatch-agent/copyright"
for script in postinst prerm postrm; do install -m 0755 "$here/deb/$script" "$tree/DEBIAN/$script"; done

installed_kib=$(du -sk --exclude=DEBIAN "$tree" | cut -f1)
cat > "$tree/DEBIAN/control" <<CONTROL
Package: farmwatch-agent
Version: $version
Architecture: amd64
Maintainer: FarmWatch <security@farmwatch.invalid>
Installed-Size: $installed_kib
Depends: libc6 (>= 2.28)
Section: admin
Priority: optional
Homepage: https://github.com/farmwatch/farmwatch
Description: FarmWatch agent: laptop-farm detection
 Looks for the signals of a laptop farm (remote-access tools, IP-KVMs, VPNs,
 co-location) on this laptop and reports them to the FarmWatch collector.
 Enrols from /etc/farmwatch/agent.json or FARMWATCH_AGENT_SERVER and
 FARMWATCH_AGENT_ENROLL_SECRET at installation.
CONTROL

mkdir -p "$out_dir"
deb="$out_dir/farmwatch-agent_${version}_amd64.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-gzip}" --build "$tree" "$deb" >/dev/null
echo "$deb"
