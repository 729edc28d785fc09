#!/bin/sh
# Removes the FarmWatch agent from a Mac (Jamf policy script, or by hand with sudo).
# --purge also deletes the state (credential, queued reports, policy cache).
label=com.farmwatch.agent
launchctl bootout "system/$label" 2>/dev/null || true
rm -f "/Library/LaunchDaemons/$label.plist" /usr/local/bin/farmwatch-agent
rm -rf /Library/Logs/FarmWatch
pkgutil --forget "$label" >/dev/null 2>&1 || true
if [ "${1:-}" = --purge ]; then
  rm -rf "/Library/Application Support/FarmWatch"
fi
echo "FarmWatch agent removed"
