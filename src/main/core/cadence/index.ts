/** Update cadence on the main side: the pure computation lives in src/shared/domain/cadence. */
export * from '../../../shared/domain/cadence';
export * from '../../../shared/domain/cadence-policy';
export { CadenceFeature, commanderName, type CadenceHost, type CadenceOptions } from './feature';
export { findPolicyFile, loadCadencePolicy, type LoadedPolicy } from './policy-file';
export { CadenceScheduler, systemClock, type SchedulerClock, type SchedulerSource } from './scheduler';
