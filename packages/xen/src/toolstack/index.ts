// The toolstack outputs of the Xen target: xenstore keys, the xenstore-write script, xl.cfg
// settings and merge, the guest's hvm_info_table, bios-strings copied from a host.
export * from './xenstore.js';
export * from './xenstore-script.js';
export * from './xl-cfg.js';
export * from './guest-hvm-info.js';
export * from './host-bios-strings.js';
