// DSP0134 §7.27 Voltage Probe (Type 26): millivolt readings. Text follows dmidecode 3.4 case 26.
import { voltageProbeLocation } from './names.js';
import { formatProbe, PROBE_FIELDS } from './probe-values.js';
import type { StructView } from './view.js';

/** Type 26 offset table (the common probe layout). */
export const VOLTAGE_PROBE_FIELDS = PROBE_FIELDS;

/** Prints type 26 as dmidecode does. */
export function formatVoltageProbe(v: StructView): void {
  formatProbe(v, { title: 'Voltage Probe', locations: voltageProbeLocation, value: [1000, 3, 'V'], resolution: [10, 1, 'mV'] });
}
