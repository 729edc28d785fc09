// Shared wording and evidence for USB device findings.
import type { UsbDeviceFact, UsbInterfaceFact } from '../../shared/index.js';
import type { EvidenceInput } from './finding.js';

export const vidPid = (d: UsbDeviceFact) => `${d.vendorId}:${d.productId}`;

/** `03/01/01`: bInterfaceClass/SubClass/Protocol. */
export const interfaceCode = (i: UsbInterfaceFact) => `${i.class}/${i.subclass}/${i.protocol}`;

/** The device as an analyst would name it, stable across scans (part of the alert key). */
export function usbSubject(d: UsbDeviceFact): string {
  const manufacturer = d.manufacturer?.trim() ?? '';
  const product = d.product?.trim() ?? '';
  // `PiKVM` + `PiKVM Composite Device` reads better as the product alone.
  const label = product.toLowerCase().includes(manufacturer.toLowerCase()) ? product : `${manufacturer} ${product}`.trim();
  return `${label || 'USB device'} (${vidPid(d)})`;
}

export function usbEvidence(d: UsbDeviceFact): EvidenceInput {
  return {
    vendorProduct: vidPid(d),
    manufacturer: d.manufacturer,
    product: d.product,
    serial: d.serial,
    bcdDevice: d.bcdDevice,
    location: d.location,
    interfaces: d.interfaces.map(interfaceCode),
    previouslyAttached: d.historical ?? false,
  };
}

export const sameText = (a: string | undefined, b: string) => a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
