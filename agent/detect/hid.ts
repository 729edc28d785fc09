// HID devices as detection sees them: what each one's report descriptor makes it (keyboard,
// relative or absolute pointer, digitizer), merged per USB device so the HID functions of one
// composite device can be judged together. Descriptors are parsed once per fact object.
import type { HidDeviceFact } from '../../shared/index.js';
import { HidDescriptorError, hidCapabilities, parseHidDescriptor, PAGE_GENERIC_DESKTOP, USAGE_KEYBOARD } from './hid-descriptor.js';
import type { HidCapabilities } from './hid-descriptor.js';

export interface HidView {
  device: HidDeviceFact;
  capabilities: HidCapabilities;
  /** Why the descriptor could not be read, when it could not. */
  error?: string;
}

const cache = new WeakMap<HidDeviceFact, HidView>();

function describe(device: HidDeviceFact): HidView {
  const capabilities: HidCapabilities = { keyboard: false, absolutePointer: false, relativePointer: false, digitizer: false };
  // Windows gives only top-level usages: enough for a keyboard, not for absolute axes.
  if (device.usages?.some((u) => u.page === PAGE_GENERIC_DESKTOP && u.usage === USAGE_KEYBOARD)) capabilities.keyboard = true;
  if (!device.reportDescriptorHex) return { device, capabilities };
  try {
    const parsed = hidCapabilities(parseHidDescriptor(device.reportDescriptorHex));
    return { device, capabilities: { ...parsed, keyboard: parsed.keyboard || capabilities.keyboard } };
  } catch (error) {
    if (!(error instanceof HidDescriptorError)) throw error;
    return { device, capabilities, error: error.message };
  }
}

export function hidView(device: HidDeviceFact): HidView {
  let view = cache.get(device);
  if (!view) {
    view = describe(device);
    cache.set(device, view);
  }
  return view;
}

/** HID capabilities merged per USB location (the HID functions of one USB device). */
export function hidByUsbLocation(devices: readonly HidDeviceFact[]): Map<string, HidCapabilities> {
  const merged = new Map<string, HidCapabilities>();
  for (const device of devices) {
    if (device.usbLocation === undefined) continue;
    const caps = hidView(device).capabilities;
    const into = merged.get(device.usbLocation);
    if (!into) {
      merged.set(device.usbLocation, { ...caps });
      continue;
    }
    into.keyboard ||= caps.keyboard;
    into.absolutePointer ||= caps.absolutePointer;
    into.relativePointer ||= caps.relativePointer;
    into.digitizer ||= caps.digitizer;
    into.absoluteRange ??= caps.absoluteRange;
  }
  return merged;
}
