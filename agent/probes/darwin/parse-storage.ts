// `ioreg -a -r -d 1 -c IOSCSIPeripheralDeviceNub`: SCSI logical units with their INQUIRY strings
// (Vendor Identification, Product Identification, Product Revision Level) and device type
// (5 = CD/DVD, 0 = direct access). USB mass storage, virtual media of IP-KVMs included.
import type { StorageDeviceFact } from '../../../shared/schema/facts.js';
import { clipOptional } from '../util/text.js';
import { ioregEntries, isDict, plistNumber, plistString } from './plist.js';

export function parseIoregStorage(xml: string): StorageDeviceFact[] {
  const facts: StorageDeviceFact[] = [];
  for (const entry of ioregEntries(xml)) {
    const vendor = plistString(entry['Vendor Identification']);
    const model = plistString(entry['Product Identification']);
    if (vendor === undefined && model === undefined) continue;
    const type = plistNumber(entry['Peripheral Device Type']);
    const protocol = isDict(entry['Protocol Characteristics']) ? entry['Protocol Characteristics'] : {};
    const location = plistString(protocol['Physical Interconnect Location']);
    facts.push({
      vendor: clipOptional(vendor, 64),
      model: clipOptional(model, 128),
      revision: clipOptional(plistString(entry['Product Revision Level']), 32),
      kind: type === 5 ? 'cdrom' : type === 0 ? 'disk' : 'other',
      removable: location === undefined ? undefined : location === 'External',
    });
    if (facts.length === 256) break;
  }
  return facts;
}
