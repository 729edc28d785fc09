<#
.SYNOPSIS
  Installs or upgrades the FarmWatch agent from its MSI, enrols it and starts the service.
  For MDMs that deploy scripts (Intune platform scripts, Workspace ONE, RMMs); run as SYSTEM or
  an administrator. Exit code: 0 installed (3010: installed, reboot pending), otherwise msiexec's.
.EXAMPLE
  .\Install-FarmWatchAgent.ps1 -ServerUrl https://farmwatch.example.com -EnrollSecret $secret
.EXAMPLE
  .\Install-FarmWatchAgent.ps1 -MsiUrl https://files.example.com/farmwatch-agent-0.1.0-x64.msi -ServerUrl ... -EnrollSecret ...
#>
[CmdletBinding()]
param(
  [Parameter(Mandatory = $true)][ValidatePattern('^https?://')][string]$ServerUrl,
  [Parameter(Mandatory = $true)][ValidateNotNullOrEmpty()][string]$EnrollSecret,
  # The MSI next to this script unless given.
  [string]$MsiPath,
  [string]$MsiUrl,
  [string]$LogPath = (Join-Path $env:TEMP 'farmwatch-agent-install.log')
)
$ErrorActionPreference = 'Stop'

$identity = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
if (-not $identity.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
  Write-Error 'Run this script as SYSTEM or an administrator.'
  exit 1
}

if ($MsiUrl) {
  $MsiPath = Join-Path $env:TEMP 'farmwatch-agent.msi'
  Invoke-WebRequest -Uri $MsiUrl -OutFile $MsiPath -UseBasicParsing
} elseif (-not $MsiPath) {
  $MsiPath = Get-ChildItem -Path $PSScriptRoot -Filter 'farmwatch-agent-*-x64.msi' | Sort-Object Name | Select-Object -Last 1 -ExpandProperty FullName
}
if (-not $MsiPath -or -not (Test-Path $MsiPath)) {
  Write-Error "No FarmWatch agent MSI found (give -MsiPath or -MsiUrl)."
  exit 1
}

# The secret goes to msiexec as a property; the MSI keeps it out of its log (MsiHiddenProperties).
$arguments = @('/i', "`"$MsiPath`"", '/qn', '/norestart', '/l*v', "`"$LogPath`"", "SERVER_URL=`"$ServerUrl`"", "ENROLL_SECRET=`"$EnrollSecret`"")
$process = Start-Process -FilePath 'msiexec.exe' -ArgumentList $arguments -Wait -PassThru
if ($process.ExitCode -notin 0, 3010) {
  Write-Error "msiexec failed with exit code $($process.ExitCode); see $LogPath"
  exit $process.ExitCode
}

$service = Get-Service -Name 'FarmWatchAgent' -ErrorAction SilentlyContinue
if (-not $service) {
  Write-Error 'The FarmWatchAgent service is missing after the installation.'
  exit 1
}
Write-Output "FarmWatch agent installed; service FarmWatchAgent is $($service.Status)."
exit $process.ExitCode
