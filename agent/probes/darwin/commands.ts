// The macOS commands the probes run, and how. The runner is injectable so tests can put a real
// child process printing recorded output in place of each command.
import { execText } from '../util/exec.js';

/** Runs a program without a shell and resolves with its stdout; rejects on failure or abort. */
export type CommandRunner = (file: string, args: readonly string[], signal: AbortSignal) => Promise<string>;

export const execRunner: CommandRunner = (file, args, signal) => execText(file, args, { signal, maxBuffer: 64 * 1024 * 1024 });

export const DARWIN_COMMANDS = {
  usb: ['system_profiler', ['SPUSBDataType', '-json']],
  usbIoreg: ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOUSBHostDevice']],
  usbInterfaces: ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOUSBHostInterface']],
  hid: ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOHIDDevice']],
  storage: ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOSCSIPeripheralDeviceNub']],
  displays: ['system_profiler', ['SPDisplaysDataType', '-json']],
  displayEdid: ['ioreg', ['-a', '-r', '-c', 'IODisplayConnect']],
  framebuffers: ['ioreg', ['-a', '-r', '-d', '1', '-c', 'IOMobileFramebuffer']],
  routes4: ['netstat', ['-rn', '-f', 'inet']],
  routes6: ['netstat', ['-rn', '-f', 'inet6']],
  arp: ['arp', ['-an']],
  ndp: ['ndp', ['-an']],
  connections: ['netstat', ['-anv', '-p', 'tcp']],
  proxy: ['scutil', ['--proxy']],
  dns: ['scutil', ['--dns']],
  inputSources: ['defaults', ['export', 'com.apple.HIToolbox', '-']],
  battery: ['pmset', ['-g', 'batt']],
  powerSettings: ['pmset', ['-g']],
  clamshell: ['ioreg', ['-a', '-r', '-d', '1', '-k', 'AppleClamshellState']],
  launchctl: ['launchctl', ['list']],
  screenSharing: ['launchctl', ['print', 'system/com.apple.screensharing']],
  wifi: ['system_profiler', ['SPAirPortDataType', '-json']],
} as const satisfies Record<string, readonly [string, readonly string[]]>;

export type DarwinCommand = keyof typeof DARWIN_COMMANDS;

export function runCommand(runner: CommandRunner, command: DarwinCommand, signal: AbortSignal): Promise<string> {
  const [file, args] = DARWIN_COMMANDS[command];
  return runner(file, args, signal);
}
