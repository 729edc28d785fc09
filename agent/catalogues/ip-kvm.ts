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

// ---- EDID presented by IP-KVM HDMI capture (knowledge file §2.3) ----

export interface IpKvmEdidSignature {
  id: string;
  name: string;
  /** PNP id the capture side presents; undefined: any. */
  manufacturer?: string;
  /** Product codes (any when empty). */
  productCodes: readonly number[];
  /** 32-bit serial number field that must match too, when set. */
  serialNumber?: number;
  /** Monitor names (descriptor 0xFC) that identify the device on their own (prefix, case-insensitive). */
  namePrefixes: readonly string[];
  /** Require a 0 x 0 cm image size too. */
  zeroSize?: boolean;
}

/** The serial number the TC358743 HDMI-to-CSI bridge's default EDID carries. */
export const TC358743_SERIAL = 0x88888800;

export const IP_KVM_EDID_SIGNATURES: readonly IpKvmEdidSignature[] = [
  { id: 'pikvm', name: 'PiKVM', manufacturer: 'LNX', productCodes: [0x7770, 0x7771, 0x7772, 0x7773], namePrefixes: ['PiKVM'] },
  { id: 'tinypilot', name: 'TinyPilot', manufacturer: 'TSB', productCodes: [0x9876], serialNumber: TC358743_SERIAL, namePrefixes: ['TinyPilot'] },
  { id: 'jetkvm', name: 'JetKVM', manufacturer: 'TSB', productCodes: [0x8801], serialNumber: TC358743_SERIAL, namePrefixes: ['T749-fHD720'] },
  // Any Raspberry-Pi KVM built on the TC358743 bridge that kept its default EDID identity.
  { id: 'tc358743', name: 'TC358743 HDMI capture bridge', manufacturer: 'TSB', productCodes: [], serialNumber: TC358743_SERIAL, namePrefixes: [], zeroSize: true },
];

/** 32-bit EDID serial numbers that are placeholders rather than a panel's serial. */
export const PLACEHOLDER_EDID_SERIALS: readonly { value: number; weak: boolean; note: string }[] = [
  { value: TC358743_SERIAL, weak: false, note: 'TC358743 capture bridge default' },
  // Also found on some real TVs, so it only counts with another anomaly.
  { value: 0x01010101, weak: true, note: 'PiKVM default, also some TVs' },
];

/** Serial strings (descriptor 0xFF) that are hex-speak placeholders (PiKVM uses CAFEBABE). */
export const PLACEHOLDER_EDID_SERIAL_TEXTS: readonly string[] = ['CAFEBABE', 'DEADBEEF', 'DEADC0DE', 'FEEDFACE', 'BAADF00D', '8BADF00D', 'C0FFEE', '12345678', '0123456789'];

/**
 * Virtual display drivers used by remote-access tools (IddSampleDriver family, shown by Windows as
 * `LNX0000` "Generic Display"; the name does not fit EDID's 13-character field): related evidence.
 */
export const VIRTUAL_DISPLAY_EDIDS: readonly { manufacturer: string; productCode: number }[] = [
  { manufacturer: 'LNX', productCode: 0x0000 },
];

// ---- SCSI inquiry strings of IP-KVM virtual media (knowledge file §2.1) ----

export interface IpKvmInquirySignature {
  id: string;
  name: string;
  /** SCSI vendor (8 chars) and model (16 chars), compared trimmed and case-insensitively. */
  vendor: string;
  models: readonly string[];
  /** `kvm`: a known IP-KVM's virtual media. `gadget`: the Linux gadget default, any Pi-based device. */
  confidence: 'kvm' | 'gadget';
}

export const IP_KVM_INQUIRY_SIGNATURES: readonly IpKvmInquirySignature[] = [
  { id: 'pikvm', name: 'PiKVM', vendor: 'PiKVM', models: ['Optical Drive', 'Flash Drive'], confidence: 'kvm' },
  { id: 'jetkvm', name: 'JetKVM', vendor: 'JetKVM', models: ['Virtual Media'], confidence: 'kvm' },
  // Linux f_mass_storage defaults (drivers/usb/gadget/function/f_mass_storage.c); TinyPilot keeps them.
  { id: 'linux-gadget', name: 'Linux USB mass-storage gadget', vendor: 'Linux', models: ['File-CD Gadget', 'File-Stor Gadget'], confidence: 'gadget' },
];

// ---- IP-KVMs on the LAN (knowledge file §2.4) ----

/** mDNS/host names IP-KVMs announce by default (first label, optionally with a suffix like `-2`). */
export const IP_KVM_HOSTNAMES: readonly { prefix: string; name: string }[] = [
  { prefix: 'pikvm', name: 'PiKVM' },
  { prefix: 'tinypilot', name: 'TinyPilot' },
  { prefix: 'jetkvm', name: 'JetKVM' },
  { prefix: 'glkvm', name: 'GL.iNet Comet (GLKVM)' },
  { prefix: 'blikvm', name: 'BliKVM' },
];

export interface LanVendorOui {
  /** First three MAC bytes, lowercase colon-separated. */
  oui: string;
  vendor: string;
  /**
   * `kvm`: the vendor makes IP-KVMs only (alone is enough). `mixed`: the vendor makes KVMs and
   * other common gear (medium alone). `weak`: only evidence next to a KVM-like name.
   */
  weight: 'kvm' | 'mixed' | 'weak';
}

export const IP_KVM_OUIS: readonly LanVendorOui[] = [
  { oui: '30:52:53', vendor: 'JetKVM', weight: 'kvm' },
  // GL.iNet sells far more travel routers than Comet KVMs: a GL.iNet gateway alone is not a KVM.
  { oui: '94:83:c4', vendor: 'GL.iNet', weight: 'mixed' },
  // Raspberry Pis run half the home lab (Pi-hole, Home Assistant): evidence only with a KVM name.
  { oui: 'b8:27:eb', vendor: 'Raspberry Pi', weight: 'weak' },
  { oui: 'dc:a6:32', vendor: 'Raspberry Pi', weight: 'weak' },
  { oui: 'e4:5f:01', vendor: 'Raspberry Pi', weight: 'weak' },
  { oui: '28:cd:c1', vendor: 'Raspberry Pi', weight: 'weak' },
  { oui: 'd8:3a:dd', vendor: 'Raspberry Pi', weight: 'weak' },
];
