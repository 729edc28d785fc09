// Power on macOS: `pmset -g batt` (source and battery), `pmset -g` (sleep 0 = never sleeps) and
// `ioreg -a -r -d 1 -k AppleClamshellState` (lid; absent on Macs without one).
import type { PowerFact } from '../../../shared/schema/facts.js';
import { ioregEntries } from './plist.js';

export function parsePmsetBatt(text: string): Pick<PowerFact, 'onAc' | 'batteryPresent'> {
  const source = /drawing from '([^']+)'/.exec(text)?.[1];
  return {
    onAc: source === undefined ? undefined : source === 'AC Power',
    batteryPresent: /InternalBattery/.test(text),
  };
}

export function parsePmsetSettings(text: string): Pick<PowerFact, 'sleepDisabled'> {
  const sleep = /^\s*sleep\s+(\d+)/m.exec(text)?.[1];
  return { sleepDisabled: sleep === undefined ? undefined : Number(sleep) === 0 };
}

export function parseClamshell(xml: string): Pick<PowerFact, 'lidClosed'> {
  const states = ioregEntries(xml).map((e) => e.AppleClamshellState).filter((v): v is boolean => typeof v === 'boolean');
  return { lidClosed: states.length === 0 ? undefined : states.some(Boolean) };
}
