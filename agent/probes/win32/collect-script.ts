// The one PowerShell script a Windows scan runs. It prints one JSON document whose sections are
// each an array (or `{ "error": "..." }` when that section failed), so one failing cmdlet loses
// only its own part. Enum values are cast to strings (Windows PowerShell 5.1 would print their
// numbers). The script holds no double quote: it travels as one command-line argument.
// Sections: see WIN32_SECTIONS in document.ts.

export const COLLECT_SCRIPT = String.raw`
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
try { [Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false } catch { }
$r = [ordered]@{ version = 1 }
function Add-Section([string]$Name, [scriptblock]$Body) {
  try { $r[$Name] = @(& $Body) } catch { $r[$Name] = @{ error = [string]$_.Exception.Message } }
}
function Chars($a) { if ($a) { -join ($a | Where-Object { $_ -ne 0 } | ForEach-Object { [char][int]$_ }) } }
function UserHives { @(Get-ChildItem -Path Registry::HKEY_USERS -ErrorAction SilentlyContinue | Where-Object { $_.PSChildName -match '^S-1-5-21-[0-9-]+$' } | ForEach-Object { 'Registry::HKEY_USERS\' + $_.PSChildName }) }
$users = @('HKCU:') + (UserHives)

Add-Section 'host' {
  $os = Get-CimInstance Win32_OperatingSystem
  $cs = Get-CimInstance Win32_ComputerSystem
  $bios = Get-CimInstance Win32_BIOS
  $csp = Get-CimInstance Win32_ComputerSystemProduct
  $layouts = @()
  foreach ($hive in $users) {
    $key = Get-Item -Path ($hive + '\Keyboard Layout\Preload') -ErrorAction SilentlyContinue
    if ($key) { $layouts += @($key.GetValueNames() | Sort-Object | ForEach-Object { [string]$key.GetValue($_) }) }
  }
  $tips = @()
  try { $tips = @(Get-WinUserLanguageList | ForEach-Object { $_.InputMethodTips }) } catch { }
  [ordered]@{
    computerName = $env:COMPUTERNAME; caption = $os.Caption; version = $os.Version; architecture = $env:PROCESSOR_ARCHITECTURE
    uptimeSec = [int64]((Get-Date) - $os.LastBootUpTime).TotalSeconds
    biosSerial = $bios.SerialNumber; uuid = $csp.UUID; manufacturer = $cs.Manufacturer; model = $cs.Model
    timeZoneId = (Get-TimeZone).Id; culture = (Get-Culture).Name; preload = $layouts; inputMethodTips = $tips
  }
}

Add-Section 'processes' {
  Get-CimInstance Win32_Process | ForEach-Object { [ordered]@{ pid = [int64]$_.ProcessId; ppid = [int64]$_.ParentProcessId; name = $_.Name; path = $_.ExecutablePath } }
}

Add-Section 'pnp' {
  Get-CimInstance Win32_PnPEntity | Where-Object { $_.PNPDeviceID -match '^(USB|HID|USBSTOR|DISPLAY)\\' } | ForEach-Object {
    [ordered]@{ id = $_.PNPDeviceID; name = $_.Name; manufacturer = $_.Manufacturer; service = $_.Service; pnpClass = $_.PNPClass; status = $_.Status
      compatibleIds = @($_.CompatibleID); hardwareIds = @($_.HardwareID) }
  }
}

Add-Section 'usbHistory' {
  foreach ($bus in 'USB', 'USBSTOR') {
    Get-ChildItem -Path ('HKLM:\SYSTEM\CurrentControlSet\Enum\' + $bus) -ErrorAction SilentlyContinue | ForEach-Object {
      $device = $_.PSChildName
      Get-ChildItem -Path $_.PSPath -ErrorAction SilentlyContinue | ForEach-Object {
        $p = Get-ItemProperty -Path $_.PSPath -ErrorAction SilentlyContinue
        [ordered]@{ id = $bus + '\' + $device + '\' + $_.PSChildName; friendlyName = $p.FriendlyName; service = $p.Service; compatibleIds = @($p.CompatibleIDs) }
      }
    }
  }
}

Add-Section 'pnpProperties' {
  $listed = @($r['pnp']) + @($r['usbHistory'] | Where-Object { $_ -is [System.Collections.IDictionary] -and $_['id'] -match '^USB\\VID_[0-9A-F]{4}&PID_[0-9A-F]{4}\\' })
  $ids = @($listed | Where-Object { $_ -is [System.Collections.IDictionary] -and $_['id'] } | ForEach-Object { $_['id'] } | Select-Object -Unique)
  if ($ids.Count -gt 0) {
    Get-PnpDeviceProperty -InstanceId $ids -KeyName 'DEVPKEY_Device_BusReportedDeviceDesc', 'DEVPKEY_Device_Parent' -ErrorAction SilentlyContinue |
      Where-Object { $_.Data } | ForEach-Object { [ordered]@{ id = $_.InstanceId; key = $_.KeyName; value = [string]$_.Data } }
  }
}

Add-Section 'monitors' {
  $connections = @(Get-CimInstance -Namespace root\wmi -ClassName WmiMonitorConnectionParams -ErrorAction SilentlyContinue)
  Get-CimInstance -Namespace root\wmi -ClassName WmiMonitorID | ForEach-Object {
    $name = $_.InstanceName
    $c = $connections | Where-Object { $_.InstanceName -eq $name } | Select-Object -First 1
    [ordered]@{ instanceName = $name; active = [bool]$_.Active; manufacturer = (Chars $_.ManufacturerName); productCode = (Chars $_.ProductCodeID)
      serial = (Chars $_.SerialNumberID); name = (Chars $_.UserFriendlyName); videoOutputTechnology = $(if ($c) { [int64][uint32]$c.VideoOutputTechnology }) }
  }
}

Add-Section 'edids' {
  Get-ChildItem -Path 'HKLM:\SYSTEM\CurrentControlSet\Enum\DISPLAY' -ErrorAction SilentlyContinue | ForEach-Object {
    $model = $_.PSChildName
    Get-ChildItem -Path $_.PSPath -ErrorAction SilentlyContinue | ForEach-Object {
      $edid = (Get-ItemProperty -Path ($_.PSPath + '\Device Parameters') -Name EDID -ErrorAction SilentlyContinue).EDID
      if ($edid) { [ordered]@{ id = 'DISPLAY\' + $model + '\' + $_.PSChildName; edid = [int[]]$edid } }
    }
  }
}

Add-Section 'adapters' {
  Get-NetAdapter | ForEach-Object { [ordered]@{ name = $_.Name; description = $_.InterfaceDescription; index = [int64]$_.ifIndex; mac = $_.MacAddress
    status = [string]$_.Status; mediaType = [string]$_.MediaType; physicalMediaType = [string]$_.PhysicalMediaType; virtual = [bool]$_.Virtual } }
}

Add-Section 'ipAddresses' {
  Get-NetIPAddress | ForEach-Object { [ordered]@{ index = [int64]$_.InterfaceIndex; alias = $_.InterfaceAlias; address = $_.IPAddress; family = [string]$_.AddressFamily; prefixLength = [int64]$_.PrefixLength } }
}

Add-Section 'dhcp' {
  Get-CimInstance Win32_NetworkAdapterConfiguration -Filter 'IPEnabled = TRUE' | Where-Object { $_.DHCPServer } | ForEach-Object { [ordered]@{ index = [int64]$_.InterfaceIndex; dhcpServer = $_.DHCPServer } }
}

Add-Section 'routes' {
  Get-NetRoute | ForEach-Object { [ordered]@{ destination = $_.DestinationPrefix; nextHop = $_.NextHop; alias = $_.InterfaceAlias; metric = [int64]$_.RouteMetric } }
}

Add-Section 'neighbours' {
  Get-NetNeighbor | Where-Object { @('Reachable', 'Stale', 'Permanent', 'Delay', 'Probe') -contains [string]$_.State } | ForEach-Object {
    [ordered]@{ ip = $_.IPAddress; mac = $_.LinkLayerAddress; alias = $_.InterfaceAlias; state = [string]$_.State }
  }
}

Add-Section 'tcp' {
  Get-NetTCPConnection | ForEach-Object { [ordered]@{ localAddress = $_.LocalAddress; localPort = [int64]$_.LocalPort; remoteAddress = $_.RemoteAddress
    remotePort = [int64]$_.RemotePort; state = [string]$_.State; pid = [int64]$_.OwningProcess } }
}

Add-Section 'services' {
  Get-CimInstance Win32_Service | ForEach-Object { [ordered]@{ name = $_.Name; displayName = $_.DisplayName; state = $_.State; startMode = $_.StartMode; path = $_.PathName } }
}

Add-Section 'rdp' {
  $ts = Get-ItemProperty -Path 'HKLM:\System\CurrentControlSet\Control\Terminal Server' -Name fDenyTSConnections
  [ordered]@{ fDenyTSConnections = [int64]$ts.fDenyTSConnections }
}

Add-Section 'programs' {
  $keys = @('HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*', 'HKLM:\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall\*')
  $keys += @($users | ForEach-Object { $_ + '\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\*' })
  foreach ($key in $keys) {
    Get-ItemProperty -Path $key -ErrorAction SilentlyContinue | Where-Object { $_.DisplayName } | ForEach-Object {
      [ordered]@{ name = [string]$_.DisplayName; version = [string]$_.DisplayVersion; publisher = [string]$_.Publisher; installLocation = [string]$_.InstallLocation; displayIcon = [string]$_.DisplayIcon }
    }
  }
}

Add-Section 'wininet' {
  foreach ($hive in $users) {
    $path = $hive + '\Software\Microsoft\Windows\CurrentVersion\Internet Settings'
    $p = Get-ItemProperty -Path $path -ErrorAction SilentlyContinue
    if ($p) {
      $c = Get-ItemProperty -Path ($path + '\Connections') -Name DefaultConnectionSettings -ErrorAction SilentlyContinue
      [ordered]@{ hive = $hive; proxyEnable = [int64]$p.ProxyEnable; proxyServer = $p.ProxyServer; autoConfigUrl = $p.AutoConfigURL
        defaultConnectionSettings = $(if ($c) { [int[]]$c.DefaultConnectionSettings }) }
    }
  }
}

Add-Section 'winhttp' { netsh.exe winhttp show proxy }

Add-Section 'dns' {
  Get-DnsClientServerAddress | Where-Object { $_.ServerAddresses } | ForEach-Object { [ordered]@{ alias = $_.InterfaceAlias; servers = @($_.ServerAddresses) } }
}

Add-Section 'wlan' { netsh.exe wlan show interfaces }

Add-Section 'battery' {
  Get-CimInstance Win32_Battery | ForEach-Object { [ordered]@{ name = $_.Name; batteryStatus = [int64]$_.BatteryStatus } }
}

Add-Section 'acPower' {
  Get-CimInstance -Namespace root\wmi -ClassName BatteryStatus | ForEach-Object { [ordered]@{ powerOnline = [bool]$_.PowerOnline } }
}

Add-Section 'sleep' { powercfg.exe /query SCHEME_CURRENT SUB_SLEEP STANDBYIDLE }

$r | ConvertTo-Json -Depth 6 -Compress
`;
