export { type DiffHelmReleaseOptions, diffHelmRelease, type ObjectDiff } from './diff-helmrelease.js';
