#!/usr/bin/env bash
# Builds farmwatch-agent-<version>-x64.msi on Linux with wixl and msibuild (Debian: apt-get install wixl msitools).
# usage: installers/windows/build-msi.sh AGENT_EXE VERSION OUT_DIR
# The service wrapper is WinSW (MIT) from the npm package node-windows, fetched with `npm pack`
# into FARMWATCH_SEA_CACHE (default node_modules/.cache/farmwatch-sea) and checked against a
# pinned hash.
set -euo pipefail

agent_exe=${1:?usage: build-msi.sh AGENT_EXE VERSION OUT_DIR}
version=${2:?version missing}
out_dir=${3:?output directory missing}
here=$(cd "$(dirname "$0")" && pwd)

WINSW_PACKAGE=node-windows@0.1.14
WINSW_INTEGRITY=sha512-2sz0i+ckeX/+22Z4KcDVis1ukyGOYZWx2WG9nQYauUwzIxEye5QcMrExkH7OaRSHkwM5bN/jesxsiQqkUb1O/w==

[ -f "$agent_exe" ] || { echo "build-msi: $agent_exe does not exist" >&2; exit 3; }
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "build-msi: '$version' is not an MSI version (major.minor.patch)" >&2; exit 3; }

cache=${FARMWATCH_SEA_CACHE:-$here/../../node_modules/.cache/farmwatch-sea}/${WINSW_PACKAGE/@/-}
if [ ! -f "$cache/package/bin/winsw/winsw.exe" ]; then
  mkdir -p "$cache"
  packed=$(npm pack "$WINSW_PACKAGE" --json --pack-destination "$cache" 2>/dev/null)
  integrity=$(node -e 'const [p] = JSON.parse(process.argv[1]); console.log(p.integrity + " " + p.filename)' "$packed")
  [ "${integrity%% *}" = "$WINSW_INTEGRITY" ] || { echo "build-msi: $WINSW_PACKAGE integrity ${integrity%% *} is not the pinned one" >&2; exit 4; }
  tar -xzf "$cache/${integrity#* }" -C "$cache" package/bin/winsw/winsw.exe package/bin/winsw/winsw.exe.config
  rm -f "$cache/${integrity#* }"
fi

# wixl resolves sources relative to the .wxs: stage everything in one directory.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp "$agent_exe" "$stage/farmwatch-agent.exe"
cp "$cache/package/bin/winsw/winsw.exe" "$stage/farmwatch-agent-service.exe"
cp "$cache/package/bin/winsw/winsw.exe.config" "$stage/farmwatch-agent-service.exe.config"
cp "$here/farmwatch-agent-service.xml" "$here/farmwatch-agent.wxs" "$stage/"

mkdir -p "$out_dir"
msi="$(cd "$out_dir" && pwd)/farmwatch-agent-$version-x64.msi"
(cd "$stage" && wixl --arch x64 -D Version="$version" \
  -D AgentExe=farmwatch-agent.exe -D ServiceExe=farmwatch-agent-service.exe \
  -D ServiceExeConfig=farmwatch-agent-service.exe.config -D ServiceXml=farmwatch-agent-service.xml \
  -o "$msi" farmwatch-agent.wxs)
# wixl writes SecureCustomProperties itself (for MajorUpgrade) and has no Secure attribute:
# add the enrolment properties so msiexec passes them to the elevated part of the install.
msibuild "$msi" -q "UPDATE \`Property\` SET \`Value\` = 'WIX_DOWNGRADE_DETECTED;WIX_UPGRADE_DETECTED;SERVER_URL;ENROLL_SECRET' WHERE \`Property\` = 'SecureCustomProperties'"
echo "$msi"
