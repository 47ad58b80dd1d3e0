// DSP0134 §7.30 Electrical Current Probe (Type 29): milliamp readings, voltage-probe locations.
// Text follows dmidecode 3.4 case 29.
import { voltageProbeLocation } from './names.js';
import { formatProbe, PROBE_FIELDS } from './probe-values.js';
import type { StructView } from './view.js';

/** Type 29 offset table (the common probe layout). */
export const ELECTRICAL_CURRENT_PROBE_FIELDS = PROBE_FIELDS;

/** Prints type 29 as dmidecode does. */
export function formatElectricalCurrentProbe(v: StructView): void {
  formatProbe(v, { title: 'Electrical Current Probe', locations: voltageProbeLocation, value: [1000, 3, 'A'], resolution: [10, 1, 'mA'] });
}
