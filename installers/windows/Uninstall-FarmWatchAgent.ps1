<#
.SYNOPSIS
  Uninstalls the FarmWatch agent (service and program files). -Purge also deletes its state
  (%ProgramData%\FarmWatch: credential, queued reports, policy cache); without it a reinstall
  keeps the agent's identity. Run as SYSTEM or an administrator.
#>
[CmdletBinding()]
param(
  [switch]$Purge,
  [string]$LogPath = (Join-Path $env:TEMP 'farmwatch-agent-uninstall.log')
)
$ErrorActionPreference = 'Stop'

# Every product of the agent's UpgradeCode (see farmwatch-agent.wxs).
$upgradeCode = '{6C1F4E2A-9B7D-4F3A-8E21-5D0A7C3B9F14}'
$installer = New-Object -ComObject WindowsInstaller.Installer
$products = @($installer.GetType().InvokeMember('RelatedProducts', 'GetProperty', $null, $installer, @($upgradeCode)))
$exitCode = 0
foreach ($product in $products) {
  $process = Start-Process -FilePath 'msiexec.exe' -ArgumentList @('/x', $product, '/qn', '/norestart', '/l*v', "`"$LogPath`"") -Wait -PassThru
  if ($process.ExitCode -notin 0, 3010, 1605) { $exitCode = $process.ExitCode }
}
if ($exitCode -ne 0) {
  Write-Error "msiexec failed with exit code $exitCode; see $LogPath"
  exit $exitCode
}
if (Get-Service -Name 'FarmWatchAgent' -ErrorAction SilentlyContinue) {
  Write-Error 'The FarmWatchAgent service is still registered.'
  exit 1
}
if ($Purge) {
  Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $env:ProgramData 'FarmWatch')
}
Write-Output "FarmWatch agent removed ($($products.Count) product(s))$(if ($Purge) { '; state purged' })."
exit 0
