// Display names from dmidecode 3.4 (dmidecode.c lookup tables), which follow DSP0134 §7.
// Each table: `start` is the code of names[0]; null marks a code dmidecode leaves unnamed.
// Generated once from the dmidecode-3-4 sources; the decoding logic around them is ours.

/** A contiguous run of display names starting at code `start`. */
export interface NameTable {
  readonly start: number;
  readonly names: readonly (string | null)[];
}

/** dmidecode `dmi_smbios_structure_type.type`. */
export const smbiosStructureType: NameTable = { start: 0, names: ["BIOS", "System", "Base Board", "Chassis", "Processor", "Memory Controller", "Memory Module", "Cache", "Port Connector", "System Slots", "On Board Devices", "OEM Strings", "System Configuration Options", "BIOS Language", "Group Associations", "System Event Log", "Physical Memory Array", "Memory Device", "32-bit Memory Error", "Memory Array Mapped Address", "Memory Device Mapped Address", "Built-in Pointing Device", "Portable Battery", "System Reset", "Hardware Security", "System Power Controls", "Voltage Probe", "Cooling Device", "Temperature Probe", "Electrical Current Probe", "Out-of-band Remote Access", "Boot Integrity Services", "System Boot", "64-bit Memory Error", "Management Device", "Management Device Component", "Management Device Threshold Data", "Memory Channel", "IPMI Device", "Power Supply", "Additional Information", "Onboard Device", "Management Controller Host Interface", "TPM Device", "Processor", "Firmware", "String Property"] };
/** dmidecode `dmi_bios_characteristics.characteristics`. */
export const biosCharacteristics: NameTable = { start: 3, names: ["BIOS characteristics not supported", "ISA is supported", "MCA is supported", "EISA is supported", "PCI is supported", "PC Card (PCMCIA) is supported", "PNP is supported", "APM is supported", "BIOS is upgradeable", "BIOS shadowing is allowed", "VLB is supported", "ESCD support is available", "Boot from CD is supported", "Selectable boot is supported", "BIOS ROM is socketed", "Boot from PC Card (PCMCIA) is supported", "EDD is supported", "Japanese floppy for NEC 9800 1.2 MB is supported (int 13h)", "Japanese floppy for Toshiba 1.2 MB is supported (int 13h)", "5.25\"/360 kB floppy services are supported (int 13h)", "5.25\"/1.2 MB floppy services are supported (int 13h)", "3.5\"/720 kB floppy services are supported (int 13h)", "3.5\"/2.88 MB floppy services are supported (int 13h)", "Print screen service is supported (int 5h)", "8042 keyboard services are supported (int 9h)", "Serial services are supported (int 14h)", "Printer services are supported (int 17h)", "CGA/mono video services are supported (int 10h)", "NEC PC-98"] };
/** dmidecode `dmi_bios_characteristics_x1.characteristics`. */
export const biosCharacteristicsX1: NameTable = { start: 0, names: ["ACPI is supported", "USB legacy is supported", "AGP is supported", "I2O boot is supported", "LS-120 boot is supported", "ATAPI Zip drive boot is supported", "IEEE 1394 boot is supported", "Smart battery is supported"] };
/** dmidecode `dmi_bios_characteristics_x2.characteristics`. */
export const biosCharacteristicsX2: NameTable = { start: 0, names: ["BIOS boot specification is supported", "Function key-initiated network boot is supported", "Targeted content distribution is supported", "UEFI is supported", "System is a virtual machine", "Manufacturing mode is supported", "Manufacturing mode is enabled"] };
/** dmidecode `dmi_system_wake_up_type.type`. */
export const systemWakeUpType: NameTable = { start: 0, names: ["Reserved", "Other", "Unknown", "APM Timer", "Modem Ring", "LAN Remote", "Power Switch", "PCI PME#", "AC Power Restored"] };
/** dmidecode `dmi_base_board_features.features`. */
export const baseBoardFeatures: NameTable = { start: 0, names: ["Board is a hosting board", "Board requires at least one daughter board", "Board is removable", "Board is replaceable", "Board is hot swappable"] };
/** dmidecode `dmi_base_board_type.type`. */
export const baseBoardType: NameTable = { start: 1, names: ["Unknown", "Other", "Server Blade", "Connectivity Switch", "System Management Module", "Processor Module", "I/O Module", "Memory Module", "Daughter Board", "Motherboard", "Processor+Memory Module", "Processor+I/O Module", "Interconnect Board"] };
/** dmidecode `dmi_chassis_type.type`. */
export const chassisType: NameTable = { start: 1, names: ["Other", "Unknown", "Desktop", "Low Profile Desktop", "Pizza Box", "Mini Tower", "Tower", "Portable", "Laptop", "Notebook", "Hand Held", "Docking Station", "All In One", "Sub Notebook", "Space-saving", "Lunch Box", "Main Server Chassis", "Expansion Chassis", "Sub Chassis", "Bus Expansion Chassis", "Peripheral Chassis", "RAID Chassis", "Rack Mount Chassis", "Sealed-case PC", "Multi-system", "CompactPCI", "AdvancedTCA", "Blade", "Blade Enclosing", "Tablet", "Convertible", "Detachable", "IoT Gateway", "Embedded PC", "Mini PC", "Stick PC"] };
/** dmidecode `dmi_chassis_lock.lock`. */
export const chassisLock: NameTable = { start: 0, names: ["Not Present", "Present"] };
/** dmidecode `dmi_chassis_state.state`. */
export const chassisState: NameTable = { start: 1, names: ["Other", "Unknown", "Safe", "Warning", "Critical", "Non-recoverable"] };
/** dmidecode `dmi_chassis_security_status.status`. */
export const chassisSecurityStatus: NameTable = { start: 1, names: ["Other", "Unknown", "None", "External Interface Locked Out", "External Interface Enabled"] };
/** dmidecode `dmi_processor_type.type`. */
export const processorType: NameTable = { start: 1, names: ["Other", "Unknown", "Central Processor", "Math Processor", "DSP Processor", "Video Processor"] };
/** dmidecode `dmi_processor_id.flags`. */
export const processorIdFlags: NameTable = { start: 0, names: ["FPU (Floating-point unit on-chip)", "VME (Virtual mode extension)", "DE (Debugging extension)", "PSE (Page size extension)", "TSC (Time stamp counter)", "MSR (Model specific registers)", "PAE (Physical address extension)", "MCE (Machine check exception)", "CX8 (CMPXCHG8 instruction supported)", "APIC (On-chip APIC hardware supported)", null, "SEP (Fast system call)", "MTRR (Memory type range registers)", "PGE (Page global enable)", "MCA (Machine check architecture)", "CMOV (Conditional move instruction supported)", "PAT (Page attribute table)", "PSE-36 (36-bit page size extension)", "PSN (Processor serial number present and enabled)", "CLFSH (CLFLUSH instruction supported)", null, "DS (Debug store)", "ACPI (ACPI supported)", "MMX (MMX technology supported)", "FXSR (FXSAVE and FXSTOR instructions supported)", "SSE (Streaming SIMD extensions)", "SSE2 (Streaming SIMD extensions 2)", "SS (Self-snoop)", "HTT (Multi-threading)", "TM (Thermal monitor supported)", null, "PBE (Pending break enabled)"] };
/** dmidecode `dmi_processor_voltage.voltage`. */
export const processorVoltage: NameTable = { start: 0, names: ["5.0 V", "3.3 V", "2.9 V"] };
/** dmidecode `dmi_processor_status.status`. */
export const processorStatus: NameTable = { start: 0, names: ["Unknown", "Enabled", "Disabled By User", "Disabled By BIOS", "Idle", "<OUT OF SPEC>", "<OUT OF SPEC>", "Other"] };
/** dmidecode `dmi_processor_upgrade.upgrade`. */
export const processorUpgrade: NameTable = { start: 1, names: ["Other", "Unknown", "Daughter Board", "ZIF Socket", "Replaceable Piggy Back", "None", "LIF Socket", "Slot 1", "Slot 2", "370-pin Socket", "Slot A", "Slot M", "Socket 423", "Socket A (Socket 462)", "Socket 478", "Socket 754", "Socket 940", "Socket 939", "Socket mPGA604", "Socket LGA771", "Socket LGA775", "Socket S1", "Socket AM2", "Socket F (1207)", "Socket LGA1366", "Socket G34", "Socket AM3", "Socket C32", "Socket LGA1156", "Socket LGA1567", "Socket PGA988A", "Socket BGA1288", "Socket rPGA988B", "Socket BGA1023", "Socket BGA1224", "Socket BGA1155", "Socket LGA1356", "Socket LGA2011", "Socket FS1", "Socket FS2", "Socket FM1", "Socket FM2", "Socket LGA2011-3", "Socket LGA1356-3", "Socket LGA1150", "Socket BGA1168", "Socket BGA1234", "Socket BGA1364", "Socket AM4", "Socket LGA1151", "Socket BGA1356", "Socket BGA1440", "Socket BGA1515", "Socket LGA3647-1", "Socket SP3", "Socket SP3r2", "Socket LGA2066", "Socket BGA1392", "Socket BGA1510", "Socket BGA1528", "Socket LGA4189", "Socket LGA1200", "Socket LGA4677"] };
/** dmidecode `dmi_processor_characteristics.characteristics`. */
export const processorCharacteristics: NameTable = { start: 2, names: ["64-bit capable", "Multi-Core", "Hardware Thread", "Execute Protection", "Enhanced Virtualization", "Power/Performance Control", "128-bit Capable", "Arm64 SoC ID"] };
/** dmidecode `dmi_memory_controller_ed_method.method`. */
export const memoryControllerEdMethod: NameTable = { start: 1, names: ["Other", "Unknown", "None", "8-bit Parity", "32-bit ECC", "64-bit ECC", "128-bit ECC", "CRC"] };
/** dmidecode `dmi_memory_controller_ec_capabilities.capabilities`. */
export const memoryControllerEcCapabilities: NameTable = { start: 0, names: ["Other", "Unknown", "None", "Single-bit Error Correcting", "Double-bit Error Correcting", "Error Scrubbing"] };
/** dmidecode `dmi_memory_controller_interleave.interleave`. */
export const memoryControllerInterleave: NameTable = { start: 1, names: ["Other", "Unknown", "One-way Interleave", "Two-way Interleave", "Four-way Interleave", "Eight-way Interleave", "Sixteen-way Interleave"] };
/** dmidecode `dmi_memory_module_types.types`. */
export const memoryModuleTypes: NameTable = { start: 0, names: ["Other", "Unknown", "Standard", "FPM", "EDO", "Parity", "ECC", "SIMM", "DIMM", "Burst EDO", "SDRAM"] };
/** dmidecode `dmi_memory_module_error.status`. */
export const memoryModuleError: NameTable = { start: 0, names: ["OK", "Uncorrectable Errors", "Correctable Errors", "Correctable and Uncorrectable Errors"] };
/** dmidecode `dmi_cache_mode.mode`. */
export const cacheMode: NameTable = { start: 0, names: ["Write Through", "Write Back", "Varies With Memory Address", "Unknown"] };
/** dmidecode `dmi_cache_location.location`. */
export const cacheLocation: NameTable = { start: 0, names: ["Internal", "External", "<OUT OF SPEC>", "Unknown"] };
/** dmidecode `dmi_cache_types.types`. */
export const cacheTypes: NameTable = { start: 0, names: ["Other", "Unknown", "Non-burst", "Burst", "Pipeline Burst", "Synchronous", "Asynchronous"] };
/** dmidecode `dmi_cache_ec_type.type`. */
export const cacheEcType: NameTable = { start: 1, names: ["Other", "Unknown", "None", "Parity", "Single-bit ECC", "Multi-bit ECC"] };
/** dmidecode `dmi_cache_type.type`. */
export const cacheType: NameTable = { start: 1, names: ["Other", "Unknown", "Instruction", "Data", "Unified"] };
/** dmidecode `dmi_cache_associativity.type`. */
export const cacheAssociativity: NameTable = { start: 1, names: ["Other", "Unknown", "Direct Mapped", "2-way Set-associative", "4-way Set-associative", "Fully Associative", "8-way Set-associative", "16-way Set-associative", "12-way Set-associative", "24-way Set-associative", "32-way Set-associative", "48-way Set-associative", "64-way Set-associative", "20-way Set-associative"] };
/** dmidecode `dmi_port_connector_type.type`. */
export const portConnectorType: NameTable = { start: 0, names: ["None", "Centronics", "Mini Centronics", "Proprietary", "DB-25 male", "DB-25 female", "DB-15 male", "DB-15 female", "DB-9 male", "DB-9 female", "RJ-11", "RJ-45", "50 Pin MiniSCSI", "Mini DIN", "Micro DIN", "PS/2", "Infrared", "HP-HIL", "Access Bus (USB)", "SSA SCSI", "Circular DIN-8 male", "Circular DIN-8 female", "On Board IDE", "On Board Floppy", "9 Pin Dual Inline (pin 10 cut)", "25 Pin Dual Inline (pin 26 cut)", "50 Pin Dual Inline", "68 Pin Dual Inline", "On Board Sound Input From CD-ROM", "Mini Centronics Type-14", "Mini Centronics Type-26", "Mini Jack (headphones)", "BNC", "IEEE 1394", "SAS/SATA Plug Receptacle", "USB Type-C Receptacle"] };
/** dmidecode `dmi_port_connector_type.type_0xA0`. */
export const portConnectorTypeXA0: NameTable = { start: 160, names: ["PC-98", "PC-98 Hireso", "PC-H98", "PC-98 Note", "PC-98 Full"] };
/** dmidecode `dmi_port_type.type`. */
export const portType: NameTable = { start: 0, names: ["None", "Parallel Port XT/AT Compatible", "Parallel Port PS/2", "Parallel Port ECP", "Parallel Port EPP", "Parallel Port ECP/EPP", "Serial Port XT/AT Compatible", "Serial Port 16450 Compatible", "Serial Port 16550 Compatible", "Serial Port 16550A Compatible", "SCSI Port", "MIDI Port", "Joystick Port", "Keyboard Port", "Mouse Port", "SSA SCSI", "USB", "Firewire (IEEE P1394)", "PCMCIA Type I", "PCMCIA Type II", "PCMCIA Type III", "Cardbus", "Access Bus Port", "SCSI II", "SCSI Wide", "PC-98", "PC-98 Hireso", "PC-H98", "Video Port", "Audio Port", "Modem Port", "Network Port", "SATA", "SAS"] };
/** dmidecode `dmi_port_type.type_0xA0`. */
export const portTypeXA0: NameTable = { start: 160, names: ["8251 Compatible", "8251 FIFO Compatible"] };
/** dmidecode `dmi_slot_type.type`. */
export const slotType: NameTable = { start: 1, names: ["Other", "Unknown", "ISA", "MCA", "EISA", "PCI", "PC Card (PCMCIA)", "VLB", "Proprietary", "Processor Card", "Proprietary Memory Card", "I/O Riser Card", "NuBus", "PCI-66", "AGP", "AGP 2x", "AGP 4x", "PCI-X", "AGP 8x", "M.2 Socket 1-DP", "M.2 Socket 1-SD", "M.2 Socket 2", "M.2 Socket 3", "MXM Type I", "MXM Type II", "MXM Type III", "MXM Type III-HE", "MXM Type IV", "MXM 3.0 Type A", "MXM 3.0 Type B", "PCI Express 2 SFF-8639 (U.2)", "PCI Express 3 SFF-8639 (U.2)", "PCI Express Mini 52-pin with bottom-side keep-outs", "PCI Express Mini 52-pin without bottom-side keep-outs", "PCI Express Mini 76-pin", "PCI Express 4 SFF-8639 (U.2)", "PCI Express 5 SFF-8639 (U.2)", "OCP NIC 3.0 Small Form Factor (SFF)", "OCP NIC 3.0 Large Form Factor (LFF)", "OCP NIC Prior to 3.0"] };
/** dmidecode `dmi_slot_type.type_0x30`. */
export const slotTypeX30: NameTable = { start: 48, names: ["CXL FLexbus 1.0"] };
/** dmidecode `dmi_slot_type.type_0xA0`. */
export const slotTypeXA0: NameTable = { start: 160, names: ["PC-98/C20", "PC-98/C24", "PC-98/E", "PC-98/Local Bus", "PC-98/Card", "PCI Express", "PCI Express x1", "PCI Express x2", "PCI Express x4", "PCI Express x8", "PCI Express x16", "PCI Express 2", "PCI Express 2 x1", "PCI Express 2 x2", "PCI Express 2 x4", "PCI Express 2 x8", "PCI Express 2 x16", "PCI Express 3", "PCI Express 3 x1", "PCI Express 3 x2", "PCI Express 3 x4", "PCI Express 3 x8", "PCI Express 3 x16", "<OUT OF SPEC>", "PCI Express 4", "PCI Express 4 x1", "PCI Express 4 x2", "PCI Express 4 x4", "PCI Express 4 x8", "PCI Express 4 x16", "PCI Express 5", "PCI Express 5 x1", "PCI Express 5 x2", "PCI Express 5 x4", "PCI Express 5 x8", "PCI Express 5 x16", "PCI Express 6+", "EDSFF E1", "EDSFF E3"] };
/** dmidecode `dmi_slot_bus_width.width`. */
export const slotBusWidth: NameTable = { start: 1, names: ["Other", "Unknown", "8-bit", "16-bit", "32-bit", "64-bit", "128-bit", "x1", "x2", "x4", "x8", "x12", "x16", "x32"] };
/** dmidecode `dmi_slot_current_usage.usage`. */
export const slotCurrentUsage: NameTable = { start: 1, names: ["Other", "Unknown", "Available", "In Use", "Unavailable"] };
/** dmidecode `dmi_slot_length.length`. */
export const slotLength: NameTable = { start: 1, names: ["Other", "Unknown", "Short", "Long", "2.5\" drive form factor", "3.5\" drive form factor"] };
/** dmidecode `dmi_slot_characteristics.characteristics1`. */
export const slotCharacteristics1: NameTable = { start: 1, names: ["5.0 V is provided", "3.3 V is provided", "Opening is shared", "PC Card-16 is supported", "Cardbus is supported", "Zoom Video is supported", "Modem ring resume is supported"] };
/** dmidecode `dmi_slot_characteristics.characteristics2`. */
export const slotCharacteristics2: NameTable = { start: 0, names: ["PME signal is supported", "Hot-plug devices are supported", "SMBus signal is supported", "PCIe slot bifurcation is supported", "Async/surprise removal is supported", "Flexbus slot, CXL 1.0 capable", "Flexbus slot, CXL 2.0 capable"] };
/** dmidecode `dmi_slot_height.height`. */
export const slotHeight: NameTable = { start: 0, names: ["Not applicable", "Other", "Unknown", "Full height", "Low-profile"] };
/** dmidecode `dmi_on_board_devices_type.type`. */
export const onBoardDevicesType: NameTable = { start: 1, names: ["Other", "Unknown", "Video", "SCSI Controller", "Ethernet", "Token Ring", "Sound", "PATA Controller", "SATA Controller", "SAS Controller", "Wireless LAN", "Bluetooth", "WWAN", "eMMC", "NVMe Controller", "UFS Controller"] };
/** dmidecode `dmi_event_log_method.method`. */
export const eventLogMethod: NameTable = { start: 0, names: ["Indexed I/O, one 8-bit index port, one 8-bit data port", "Indexed I/O, two 8-bit index ports, one 8-bit data port", "Indexed I/O, one 16-bit index port, one 8-bit data port", "Memory-mapped physical 32-bit address", "General-purpose non-volatile data functions"] };
/** dmidecode `dmi_event_log_status.valid`. */
export const eventLogStatusValid: NameTable = { start: 0, names: ["Invalid", "Valid"] };
/** dmidecode `dmi_event_log_status.full`. */
export const eventLogStatusFull: NameTable = { start: 0, names: ["Not Full", "Full"] };
/** dmidecode `dmi_event_log_header_type.type`. */
export const eventLogHeaderType: NameTable = { start: 0, names: ["No Header", "Type 1"] };
/** dmidecode `dmi_event_log_descriptor_type.type`. */
export const eventLogDescriptorType: NameTable = { start: 0, names: [null, "Single-bit ECC memory error", "Multi-bit ECC memory error", "Parity memory error", "Bus timeout", "I/O channel block", "Software NMI", "POST memory resize", "POST error", "PCI parity error", "PCI system error", "CPU failure", "EISA failsafe timer timeout", "Correctable memory log disabled", "Logging disabled", null, "System limit exceeded", "Asynchronous hardware timer expired", "System configuration information", "Hard disk information", "System reconfigured", "Uncorrectable CPU-complex error", "Log area reset/cleared", "System boot"] };
/** dmidecode `dmi_event_log_descriptor_format.format`. */
export const eventLogDescriptorFormat: NameTable = { start: 0, names: ["None", "Handle", "Multiple-event", "Multiple-event handle", "POST results bitmap", "System management", "Multiple-event system management"] };
/** dmidecode `dmi_memory_array_location.location`. */
export const memoryArrayLocation: NameTable = { start: 1, names: ["Other", "Unknown", "System Board Or Motherboard", "ISA Add-on Card", "EISA Add-on Card", "PCI Add-on Card", "MCA Add-on Card", "PCMCIA Add-on Card", "Proprietary Add-on Card", "NuBus"] };
/** dmidecode `dmi_memory_array_location.location_0xA0`. */
export const memoryArrayLocationXA0: NameTable = { start: 160, names: ["PC-98/C20 Add-on Card", "PC-98/C24 Add-on Card", "PC-98/E Add-on Card", "PC-98/Local Bus Add-on Card", "CXL Flexbus 1.0"] };
/** dmidecode `dmi_memory_array_use.use`. */
export const memoryArrayUse: NameTable = { start: 1, names: ["Other", "Unknown", "System Memory", "Video Memory", "Flash Memory", "Non-volatile RAM", "Cache Memory"] };
/** dmidecode `dmi_memory_array_ec_type.type`. */
export const memoryArrayEcType: NameTable = { start: 1, names: ["Other", "Unknown", "None", "Parity", "Single-bit ECC", "Multi-bit ECC", "CRC"] };
/** dmidecode `dmi_memory_device_form_factor.form_factor`. */
export const memoryDeviceFormFactor: NameTable = { start: 1, names: ["Other", "Unknown", "SIMM", "SIP", "Chip", "DIP", "ZIP", "Proprietary Card", "DIMM", "TSOP", "Row Of Chips", "RIMM", "SODIMM", "SRIMM", "FB-DIMM", "Die"] };
/** dmidecode `dmi_memory_device_type.type`. */
export const memoryDeviceType: NameTable = { start: 1, names: ["Other", "Unknown", "DRAM", "EDRAM", "VRAM", "SRAM", "RAM", "ROM", "Flash", "EEPROM", "FEPROM", "EPROM", "CDRAM", "3DRAM", "SDRAM", "SGRAM", "RDRAM", "DDR", "DDR2", "DDR2 FB-DIMM", "Reserved", "Reserved", "Reserved", "DDR3", "FBD2", "DDR4", "LPDDR", "LPDDR2", "LPDDR3", "LPDDR4", "Logical non-volatile device", "HBM", "HBM2", "DDR5", "LPDDR5"] };
/** dmidecode `dmi_memory_device_type_detail.detail`. */
export const memoryDeviceTypeDetail: NameTable = { start: 1, names: ["Other", "Unknown", "Fast-paged", "Static Column", "Pseudo-static", "RAMBus", "Synchronous", "CMOS", "EDO", "Window DRAM", "Cache DRAM", "Non-Volatile", "Registered (Buffered)", "Unbuffered (Unregistered)", "LRDIMM"] };
/** dmidecode `dmi_memory_technology.technology`. */
export const memoryTechnology: NameTable = { start: 1, names: ["Other", "Unknown", "DRAM", "NVDIMM-N", "NVDIMM-F", "NVDIMM-P", "Intel Optane DC persistent memory"] };
/** dmidecode `dmi_memory_operating_mode_capability.mode`. */
export const memoryOperatingModeCapability: NameTable = { start: 1, names: ["Other", "Unknown", "Volatile memory", "Byte-accessible persistent memory", "Block-accessible persistent memory"] };
/** dmidecode `dmi_memory_error_type.type`. */
export const memoryErrorType: NameTable = { start: 1, names: ["Other", "Unknown", "OK", "Bad Read", "Parity Error", "Single-bit Error", "Double-bit Error", "Multi-bit Error", "Nibble Error", "Checksum Error", "CRC Error", "Corrected Single-bit Error", "Corrected Error", "Uncorrectable Error"] };
/** dmidecode `dmi_memory_error_granularity.granularity`. */
export const memoryErrorGranularity: NameTable = { start: 1, names: ["Other", "Unknown", "Device Level", "Memory Partition Level"] };
/** dmidecode `dmi_memory_error_operation.operation`. */
export const memoryErrorOperation: NameTable = { start: 1, names: ["Other", "Unknown", "Read", "Write", "Partial Write"] };
/** dmidecode `dmi_pointing_device_type.type`. */
export const pointingDeviceType: NameTable = { start: 1, names: ["Other", "Unknown", "Mouse", "Track Ball", "Track Point", "Glide Point", "Touch Pad", "Touch Screen", "Optical Sensor"] };
/** dmidecode `dmi_pointing_device_interface.interface`. */
export const pointingDeviceInterface: NameTable = { start: 1, names: ["Other", "Unknown", "Serial", "PS/2", "Infrared", "HIP-HIL", "Bus Mouse", "ADB (Apple Desktop Bus)"] };
/** dmidecode `dmi_pointing_device_interface.interface_0xA0`. */
export const pointingDeviceInterfaceXA0: NameTable = { start: 160, names: ["Bus Mouse DB-9", "Bus Mouse Micro DIN", "USB", "I2C", "SPI"] };
/** dmidecode `dmi_battery_chemistry.chemistry`. */
export const batteryChemistry: NameTable = { start: 1, names: ["Other", "Unknown", "Lead Acid", "Nickel Cadmium", "Nickel Metal Hydride", "Lithium Ion", "Zinc Air", "Lithium Polymer"] };
/** dmidecode `dmi_system_reset_boot_option.option`. */
export const systemResetBootOption: NameTable = { start: 0, names: ["<OUT OF SPEC>", "Operating System", "System Utilities", "Do Not Reboot"] };
/** dmidecode `dmi_hardware_security_status.status`. */
export const hardwareSecurityStatus: NameTable = { start: 0, names: ["Disabled", "Enabled", "Not Implemented", "Unknown"] };
/** dmidecode `dmi_voltage_probe_location.location`. */
export const voltageProbeLocation: NameTable = { start: 1, names: ["Other", "Unknown", "Processor", "Disk", "Peripheral Bay", "System Management Module", "Motherboard", "Memory Module", "Processor Module", "Power Unit", "Add-in Card"] };
/** dmidecode `dmi_probe_status.status`. */
export const probeStatus: NameTable = { start: 1, names: ["Other", "Unknown", "OK", "Non-critical", "Critical", "Non-recoverable"] };
/** dmidecode `dmi_cooling_device_type.type`. */
export const coolingDeviceType: NameTable = { start: 1, names: ["Other", "Unknown", "Fan", "Centrifugal Blower", "Chip Fan", "Cabinet Fan", "Power Supply Fan", "Heat Pipe", "Integrated Refrigeration"] };
/** dmidecode `dmi_cooling_device_type.type_0x10`. */
export const coolingDeviceTypeX10: NameTable = { start: 16, names: ["Active Cooling", "Passive Cooling"] };
/** dmidecode `dmi_temperature_probe_location.location`. */
export const temperatureProbeLocation: NameTable = { start: 1, names: ["Other", "Unknown", "Processor", "Disk", "Peripheral Bay", "System Management Module", "Motherboard", "Memory Module", "Processor Module", "Power Unit", "Add-in Card", "Front Panel Board", "Back Panel Board", "Power System Board", "Drive Back Plane"] };
/** dmidecode `dmi_system_boot_status.status`. */
export const systemBootStatus: NameTable = { start: 0, names: ["No errors detected", "No bootable media", "Operating system failed to load", "Firmware-detected hardware failure", "Operating system-detected hardware failure", "User-requested boot", "System security violation", "Previously-requested image", "System watchdog timer expired"] };
/** dmidecode `dmi_management_device_type.type`. */
export const managementDeviceType: NameTable = { start: 1, names: ["Other", "Unknown", "LM75", "LM78", "LM79", "LM80", "LM81", "ADM9240", "DS1780", "MAX1617", "GL518SM", "W83781D", "HT82H791"] };
/** dmidecode `dmi_management_device_address_type.type`. */
export const managementDeviceAddressType: NameTable = { start: 1, names: ["Other", "Unknown", "I/O Port", "Memory", "SMBus"] };
/** dmidecode `dmi_memory_channel_type.type`. */
export const memoryChannelType: NameTable = { start: 1, names: ["Other", "Unknown", "RamBus", "SyncLink"] };
/** dmidecode `dmi_ipmi_interface_type.type`. */
export const ipmiInterfaceType: NameTable = { start: 0, names: ["Unknown", "KCS (Keyboard Control Style)", "SMIC (Server Management Interface Chip)", "BT (Block Transfer)", "SSIF (SMBus System Interface)"] };
/** dmidecode `dmi_ipmi_register_spacing.spacing`. */
export const ipmiRegisterSpacing: NameTable = { start: 0, names: ["Successive Byte Boundaries", "32-bit Boundaries", "16-byte Boundaries", "<OUT OF SPEC>"] };
/** dmidecode `dmi_power_supply_type.type`. */
export const powerSupplyType: NameTable = { start: 1, names: ["Other", "Unknown", "Linear", "Switching", "Battery", "UPS", "Converter", "Regulator"] };
/** dmidecode `dmi_power_supply_status.status`. */
export const powerSupplyStatus: NameTable = { start: 1, names: ["Other", "Unknown", "OK", "Non-critical", "Critical"] };
/** dmidecode `dmi_power_supply_range_switching.switching`. */
export const powerSupplyRangeSwitching: NameTable = { start: 1, names: ["Other", "Unknown", "Manual", "Auto-switch", "Wide Range", "N/A"] };
/** dmidecode `dmi_management_controller_host_type.type`. */
export const managementControllerHostType: NameTable = { start: 2, names: ["KCS: Keyboard Controller Style", "8250 UART Register Compatible", "16450 UART Register Compatible", "16550/16550A UART Register Compatible", "16650/16650A UART Register Compatible", "16750/16750A UART Register Compatible", "16850/16850A UART Register Compatible"] };
/** dmidecode `dmi_tpm_characteristics.characteristics`. */
export const tpmCharacteristics: NameTable = { start: 2, names: ["TPM Device characteristics not supported", "Family configurable via firmware update", "Family configurable via platform software support", "Family configurable via OEM proprietary mechanism"] };
/** dmidecode `dmi_firmware_characteristics.characteristics`. */
export const firmwareCharacteristics: NameTable = { start: 0, names: ["Updatable", "Write-Protect"] };
/** dmidecode `dmi_firmware_state.state`. */
export const firmwareState: NameTable = { start: 1, names: ["Other", "Unknown", "Disabled", "Enabled", "Absent", "Stand-by Offline", "Stand-by Spare", "Unavailable Offline"] };
/** dmidecode `dmi_processor_family.family2` (code → name; sorted, searched by value). */
export const processorFamilyNames: ReadonlyMap<number, string> = new Map<number, string>([[0x1, "Other"], [0x2, "Unknown"], [0x3, "8086"], [0x4, "80286"], [0x5, "80386"], [0x6, "80486"], [0x7, "8087"], [0x8, "80287"], [0x9, "80387"], [0xA, "80487"], [0xB, "Pentium"], [0xC, "Pentium Pro"], [0xD, "Pentium II"], [0xE, "Pentium MMX"], [0xF, "Celeron"], [0x10, "Pentium II Xeon"], [0x11, "Pentium III"], [0x12, "M1"], [0x13, "M2"], [0x14, "Celeron M"], [0x15, "Pentium 4 HT"], [0x18, "Duron"], [0x19, "K5"], [0x1A, "K6"], [0x1B, "K6-2"], [0x1C, "K6-3"], [0x1D, "Athlon"], [0x1E, "AMD29000"], [0x1F, "K6-2+"], [0x20, "Power PC"], [0x21, "Power PC 601"], [0x22, "Power PC 603"], [0x23, "Power PC 603+"], [0x24, "Power PC 604"], [0x25, "Power PC 620"], [0x26, "Power PC x704"], [0x27, "Power PC 750"], [0x28, "Core Duo"], [0x29, "Core Duo Mobile"], [0x2A, "Core Solo Mobile"], [0x2B, "Atom"], [0x2C, "Core M"], [0x2D, "Core m3"], [0x2E, "Core m5"], [0x2F, "Core m7"], [0x30, "Alpha"], [0x31, "Alpha 21064"], [0x32, "Alpha 21066"], [0x33, "Alpha 21164"], [0x34, "Alpha 21164PC"], [0x35, "Alpha 21164a"], [0x36, "Alpha 21264"], [0x37, "Alpha 21364"], [0x38, "Turion II Ultra Dual-Core Mobile M"], [0x39, "Turion II Dual-Core Mobile M"], [0x3A, "Athlon II Dual-Core M"], [0x3B, "Opteron 6100"], [0x3C, "Opteron 4100"], [0x3D, "Opteron 6200"], [0x3E, "Opteron 4200"], [0x3F, "FX"], [0x40, "MIPS"], [0x41, "MIPS R4000"], [0x42, "MIPS R4200"], [0x43, "MIPS R4400"], [0x44, "MIPS R4600"], [0x45, "MIPS R10000"], [0x46, "C-Series"], [0x47, "E-Series"], [0x48, "A-Series"], [0x49, "G-Series"], [0x4A, "Z-Series"], [0x4B, "R-Series"], [0x4C, "Opteron 4300"], [0x4D, "Opteron 6300"], [0x4E, "Opteron 3300"], [0x4F, "FirePro"], [0x50, "SPARC"], [0x51, "SuperSPARC"], [0x52, "MicroSPARC II"], [0x53, "MicroSPARC IIep"], [0x54, "UltraSPARC"], [0x55, "UltraSPARC II"], [0x56, "UltraSPARC IIi"], [0x57, "UltraSPARC III"], [0x58, "UltraSPARC IIIi"], [0x60, "68040"], [0x61, "68xxx"], [0x62, "68000"], [0x63, "68010"], [0x64, "68020"], [0x65, "68030"], [0x66, "Athlon X4"], [0x67, "Opteron X1000"], [0x68, "Opteron X2000"], [0x69, "Opteron A-Series"], [0x6A, "Opteron X3000"], [0x6B, "Zen"], [0x70, "Hobbit"], [0x78, "Crusoe TM5000"], [0x79, "Crusoe TM3000"], [0x7A, "Efficeon TM8000"], [0x80, "Weitek"], [0x82, "Itanium"], [0x83, "Athlon 64"], [0x84, "Opteron"], [0x85, "Sempron"], [0x86, "Turion 64"], [0x87, "Dual-Core Opteron"], [0x88, "Athlon 64 X2"], [0x89, "Turion 64 X2"], [0x8A, "Quad-Core Opteron"], [0x8B, "Third-Generation Opteron"], [0x8C, "Phenom FX"], [0x8D, "Phenom X4"], [0x8E, "Phenom X2"], [0x8F, "Athlon X2"], [0x90, "PA-RISC"], [0x91, "PA-RISC 8500"], [0x92, "PA-RISC 8000"], [0x93, "PA-RISC 7300LC"], [0x94, "PA-RISC 7200"], [0x95, "PA-RISC 7100LC"], [0x96, "PA-RISC 7100"], [0xA0, "V30"], [0xA1, "Quad-Core Xeon 3200"], [0xA2, "Dual-Core Xeon 3000"], [0xA3, "Quad-Core Xeon 5300"], [0xA4, "Dual-Core Xeon 5100"], [0xA5, "Dual-Core Xeon 5000"], [0xA6, "Dual-Core Xeon LV"], [0xA7, "Dual-Core Xeon ULV"], [0xA8, "Dual-Core Xeon 7100"], [0xA9, "Quad-Core Xeon 5400"], [0xAA, "Quad-Core Xeon"], [0xAB, "Dual-Core Xeon 5200"], [0xAC, "Dual-Core Xeon 7200"], [0xAD, "Quad-Core Xeon 7300"], [0xAE, "Quad-Core Xeon 7400"], [0xAF, "Multi-Core Xeon 7400"], [0xB0, "Pentium III Xeon"], [0xB1, "Pentium III Speedstep"], [0xB2, "Pentium 4"], [0xB3, "Xeon"], [0xB4, "AS400"], [0xB5, "Xeon MP"], [0xB6, "Athlon XP"], [0xB7, "Athlon MP"], [0xB8, "Itanium 2"], [0xB9, "Pentium M"], [0xBA, "Celeron D"], [0xBB, "Pentium D"], [0xBC, "Pentium EE"], [0xBD, "Core Solo"], [0xBF, "Core 2 Duo"], [0xC0, "Core 2 Solo"], [0xC1, "Core 2 Extreme"], [0xC2, "Core 2 Quad"], [0xC3, "Core 2 Extreme Mobile"], [0xC4, "Core 2 Duo Mobile"], [0xC5, "Core 2 Solo Mobile"], [0xC6, "Core i7"], [0xC7, "Dual-Core Celeron"], [0xC8, "IBM390"], [0xC9, "G4"], [0xCA, "G5"], [0xCB, "ESA/390 G6"], [0xCC, "z/Architecture"], [0xCD, "Core i5"], [0xCE, "Core i3"], [0xCF, "Core i9"], [0xD2, "C7-M"], [0xD3, "C7-D"], [0xD4, "C7"], [0xD5, "Eden"], [0xD6, "Multi-Core Xeon"], [0xD7, "Dual-Core Xeon 3xxx"], [0xD8, "Quad-Core Xeon 3xxx"], [0xD9, "Nano"], [0xDA, "Dual-Core Xeon 5xxx"], [0xDB, "Quad-Core Xeon 5xxx"], [0xDD, "Dual-Core Xeon 7xxx"], [0xDE, "Quad-Core Xeon 7xxx"], [0xDF, "Multi-Core Xeon 7xxx"], [0xE0, "Multi-Core Xeon 3400"], [0xE4, "Opteron 3000"], [0xE5, "Sempron II"], [0xE6, "Embedded Opteron Quad-Core"], [0xE7, "Phenom Triple-Core"], [0xE8, "Turion Ultra Dual-Core Mobile"], [0xE9, "Turion Dual-Core Mobile"], [0xEA, "Athlon Dual-Core"], [0xEB, "Sempron SI"], [0xEC, "Phenom II"], [0xED, "Athlon II"], [0xEE, "Six-Core Opteron"], [0xEF, "Sempron M"], [0xFA, "i860"], [0xFB, "i960"], [0x100, "ARMv7"], [0x101, "ARMv8"], [0x104, "SH-3"], [0x105, "SH-4"], [0x118, "ARM"], [0x119, "StrongARM"], [0x12C, "6x86"], [0x12D, "MediaGX"], [0x12E, "MII"], [0x140, "WinChip"], [0x15E, "DSP"], [0x1F4, "Video Processor"], [0x200, "RV32"], [0x201, "RV64"], [0x202, "RV128"]]);
