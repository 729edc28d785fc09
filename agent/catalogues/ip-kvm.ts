// USB descriptors of IP-KVMs (defaults read from each project's source; see the knowledge file
// laptop-farms.md, section 2.1). Operators can change every value, so these
// are high-precision, low-recall evidence; structure checks cover the rest.

export type UsbStringField = 'manufacturer' | 'product' | 'serial';

export interface UsbStringMatch {
  field: UsbStringField;
  /** Compared case-insensitively after trimming. */
  value: string;
}

export interface IpKvmUsbSignature {
  id: string;
  name: string;
  /** `vvvv:pppp`, lowercase. */
  ids: readonly string[];
  /**
   * When the ids are shared (the Linux gadget id 1d6b:0104), one of these strings must match too;
   * empty when the ids alone identify the device.
   */
  confirmingStrings: readonly UsbStringMatch[];
  /** Strings unusual enough to identify the device whatever ids it presents. */
  distinctiveStrings: readonly UsbStringMatch[];
  /** `kvm`: an IP-KVM. `context`: server/desk KVM hardware that legitimate setups also use. */
  confidence: 'kvm' | 'context';
}

const LINUX_GADGET = '1d6b:0104';

export const IP_KVM_USB_SIGNATURES: readonly IpKvmUsbSignature[] = [
  {
    id: 'pikvm',
    name: 'PiKVM',
    ids: [LINUX_GADGET],
    confirmingStrings: [
      { field: 'manufacturer', value: 'PiKVM' },
      { field: 'product', value: 'PiKVM Composite Device' },
      { field: 'product', value: 'Composite KVM Device' },
      { field: 'serial', value: 'CAFEBABE' },
    ],
    distinctiveStrings: [
      { field: 'manufacturer', value: 'PiKVM' },
      { field: 'product', value: 'PiKVM Composite Device' },
    ],
    confidence: 'kvm',
  },
  {
    id: 'pikvm-pico-hid',
    name: 'PiKVM Pico HID',
    ids: ['1209:eda2', '1209:eda3'],
    confirmingStrings: [],
    distinctiveStrings: [
      { field: 'product', value: 'PiKVM HID' },
      { field: 'product', value: 'PiKVM HID Bridge' },
    ],
    confidence: 'kvm',
  },
  {
    id: 'tinypilot',
    name: 'TinyPilot',
    ids: [LINUX_GADGET],
    confirmingStrings: [
      { field: 'manufacturer', value: 'tinypilot' },
      { field: 'serial', value: '6b65796d696d6570690' },
    ],
    distinctiveStrings: [
      { field: 'manufacturer', value: 'tinypilot' },
      { field: 'serial', value: '6b65796d696d6570690' },
    ],
    confidence: 'kvm',
  },
  {
    id: 'jetkvm',
    name: 'JetKVM',
    ids: [LINUX_GADGET],
    confirmingStrings: [
      { field: 'manufacturer', value: 'JetKVM' },
      { field: 'product', value: 'USB Emulation Device' },
      { field: 'product', value: 'JetKVM USB Emulation Device' },
    ],
    distinctiveStrings: [
      { field: 'manufacturer', value: 'JetKVM' },
      { field: 'product', value: 'JetKVM USB Emulation Device' },
    ],
    confidence: 'kvm',
  },
  { id: 'aten', name: 'ATEN KVM virtual media/HID', ids: ['0557:2419'], confirmingStrings: [], distinctiveStrings: [], confidence: 'context' },
  { id: 'raritan', name: 'Raritan KVM virtual media/HID', ids: ['14dd:1007'], confirmingStrings: [], distinctiveStrings: [], confidence: 'context' },
  {
    id: 'avocent',
    name: 'Avocent KVM virtual media/HID',
    ids: ['0624:0248', '0624:0249', '0624:0251'],
    confirmingStrings: [],
    distinctiveStrings: [],
    confidence: 'context',
  },
];

/** Linux Foundation vendor id: Linux root hubs, and USB gadgets (a Pi pretending to be a device). */
export const LINUX_FOUNDATION_VENDOR_ID = '1d6b';
/** Linux root hubs (USB 1.1, 2.0, 3.x) on the host's own controllers. */
export const LINUX_ROOT_HUB_PRODUCT_IDS: readonly string[] = ['0001', '0002', '0003'];

/** Keyboard and mouse brands whose identity a relabelled IP-KVM borrows (JetKVM offers such presets). */
export const KEYBOARD_BRANDS: readonly { brand: string; vendorIds: readonly string[] }[] = [
  { brand: 'Logitech', vendorIds: ['046d'] },
  { brand: 'Microsoft', vendorIds: ['045e'] },
  { brand: 'Dell', vendorIds: ['413c'] },
  { brand: 'HP', vendorIds: ['03f0'] },
  { brand: 'Lenovo', vendorIds: ['17ef'] },
  { brand: 'Apple', vendorIds: ['05ac'] },
  { brand: 'Razer', vendorIds: ['1532'] },
  { brand: 'Corsair', vendorIds: ['1b1c'] },
  { brand: 'Cherry', vendorIds: ['046a'] },
];
