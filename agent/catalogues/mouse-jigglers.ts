// Mouse jigglers and keep-awake tools (Mandiant UNC5267: farm operators keep sessions alive with
// mouse jigglers). Process names are the executables each project ships (read from its releases
// or store listing); matching is exact, case-insensitive, with `.exe` dropped.
// Hardware jigglers: no vendor/product id is listed because none could be confirmed from a
// primary source (most borrow generic microcontroller ids); the USB strings naming a jiggler are.

export interface MouseJigglerSoftware {
  id: string;
  name: string;
  /** Process names without `.exe`, lowercase. */
  processNames: readonly string[];
  /** `jiggler` moves the pointer; `keep-awake` only blocks sleep (weaker, widely used legitimately). */
  kind: 'jiggler' | 'keep-awake';
  platforms: readonly ('win32' | 'darwin' | 'linux')[];
}

export const MOUSE_JIGGLER_SOFTWARE: readonly MouseJigglerSoftware[] = [
  // Ellanet Systems "Move Mouse" (github.com/sw3103/movemouse, Microsoft Store).
  { id: 'move-mouse', name: 'Move Mouse', processNames: ['move mouse'], kind: 'jiggler', platforms: ['win32'] },
  // Arkane Systems "Mouse Jiggler" (github.com/arkane-systems/mousejiggler): MouseJiggle.exe in 1.x, MouseJiggler.exe since 2.0.
  { id: 'mouse-jiggler-arkane', name: 'Mouse Jiggler', processNames: ['mousejiggler', 'mousejiggle'], kind: 'jiggler', platforms: ['win32'] },
  // Stick Software "Jiggler" for macOS.
  { id: 'jiggler-macos', name: 'Jiggler', processNames: ['jiggler'], kind: 'jiggler', platforms: ['darwin'] },
  // Zhorn Software "Caffeine" (caffeine.exe, caffeine32.exe, caffeine64.exe); caffeine-ng on Linux.
  { id: 'caffeine', name: 'Caffeine', processNames: ['caffeine', 'caffeine32', 'caffeine64', 'caffeine-ng'], kind: 'keep-awake', platforms: ['win32', 'darwin', 'linux'] },
  // William Gustafson "Amphetamine" (Mac App Store).
  { id: 'amphetamine', name: 'Amphetamine', processNames: ['amphetamine'], kind: 'keep-awake', platforms: ['darwin'] },
  // "KeepingYouAwake" (github.com/newmarcel/KeepingYouAwake).
  { id: 'keepingyouawake', name: 'KeepingYouAwake', processNames: ['keepingyouawake'], kind: 'keep-awake', platforms: ['darwin'] },
  // SoftwareOK "Don't Sleep".
  { id: 'dont-sleep', name: "Don't Sleep", processNames: ['dontsleep', 'dontsleep_x64_p'], kind: 'keep-awake', platforms: ['win32'] },
  // Microsoft PowerToys Awake.
  { id: 'powertoys-awake', name: 'PowerToys Awake', processNames: ['powertoys.awake'], kind: 'keep-awake', platforms: ['win32'] },
  // A name several small keep-awake utilities share; matched exactly only.
  { id: 'keepawake', name: 'KeepAwake', processNames: ['keepawake'], kind: 'keep-awake', platforms: ['win32', 'darwin'] },
];

/** USB descriptor strings that name a hardware jiggler (`Mouse Jiggler`, `USB Jiggler`). */
export const HARDWARE_JIGGLER_STRING = /\bjiggl(e|er|ing)\b/i;
