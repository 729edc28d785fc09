// Remote desktop servers: the TCP ports they listen on and the OS services that run them. Ports
// from the knowledge file (laptop-farms.md §3: RDP 3389, VNC 5900+, TeamViewer 5938) and the
// vendors' documentation (AnyDesk direct connections 7070, RustDesk 21115-21119). Service names:
// Linux systemd units (xrdp, x11vnc, vino-server, TigerVNC's vncserver@:N, RealVNC's
// vncserver-x11-serviced, GNOME's system-level gnome-remote-desktop), macOS launchd
// (com.apple.screensharing). Windows TermService itself is not listed: it runs on most Windows
// machines whether or not RDP is enabled; the Windows probe reports RDP as allowed
// (fDenyTSConnections = 0) with a `RemoteDesktopConnections` entry carrying TermService's state.

export interface RemoteDesktopPort {
  from: number;
  to: number;
  /** What listens there, for the analyst and for policy.remoteAccess.allowedTools (`RDP`, `VNC`). */
  label: string;
  /** Remote-access catalogue id when the port belongs to one tool. */
  toolId?: string;
}

export interface RemoteDesktopService {
  /** Service name without `.service` or template instance, compared case-insensitively. */
  name: string;
  label: string;
  toolId?: string;
}

export const REMOTE_DESKTOP_PORTS: readonly RemoteDesktopPort[] = [
  { from: 3389, to: 3389, label: 'RDP' },
  { from: 5900, to: 5906, label: 'VNC' },
  { from: 5938, to: 5938, label: 'TeamViewer', toolId: 'teamviewer' },
  { from: 7070, to: 7070, label: 'AnyDesk', toolId: 'anydesk' },
  { from: 21115, to: 21119, label: 'RustDesk', toolId: 'rustdesk' },
];

export const REMOTE_DESKTOP_SERVICES: readonly RemoteDesktopService[] = [
  { name: 'xrdp', label: 'RDP (xrdp)', toolId: 'xrdp' },
  { name: 'xrdp-sesman', label: 'RDP (xrdp)', toolId: 'xrdp' },
  { name: 'gnome-remote-desktop', label: 'RDP (GNOME Remote Desktop)' },
  { name: 'x11vnc', label: 'VNC (x11vnc)', toolId: 'x11vnc' },
  { name: 'vino-server', label: 'VNC (Vino)' },
  { name: 'vncserver', label: 'VNC (TigerVNC)', toolId: 'tigervnc' },
  { name: 'vncserver-x11-serviced', label: 'VNC (RealVNC)', toolId: 'realvnc' },
  { name: 'vncserver-virtuald', label: 'VNC (RealVNC)', toolId: 'realvnc' },
  { name: 'wayvnc', label: 'VNC (wayvnc)', toolId: 'wayvnc' },
  { name: 'com.apple.screensharing', label: 'macOS Screen Sharing' },
  // The Windows probe's entry for fDenyTSConnections = 0, carrying TermService's state.
  { name: 'RemoteDesktopConnections', label: 'RDP (Windows Remote Desktop)' },
];

export function remoteDesktopPort(port: number): RemoteDesktopPort | undefined {
  return REMOTE_DESKTOP_PORTS.find((p) => port >= p.from && port <= p.to);
}
