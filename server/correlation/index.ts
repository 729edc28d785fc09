// The correlation engine's public surface for the collector.
export { CorrelationEngine } from './engine.js';
export { ObservationError } from './observation.js';
export { SnapshotError, EngineSnapshot, SNAPSHOT_VERSION } from './snapshot.js';
export { DEFAULT_OPTIONS, resolveOptions, type CorrelationOptions, type CorrelationOptionsInput, type CrowdingLimit } from './options.js';
export { egressKey, ipv6PrefixKey, EgressFormatError } from './egress.js';
export { scoreCluster, edgeStrength, KIND_WEIGHT } from './cluster-score.js';
export { scoreDevice, DEFAULT_SIGNAL_WEIGHTS, SEVERITY_WEIGHT, type DeviceScore, type DeviceScoreWeights } from './device-score.js';
export { deviceEvidenceFromFindings, isIpKvm, isRemoteControl, mattersToCorrelation } from './device-evidence.js';
export * from './types.js';
