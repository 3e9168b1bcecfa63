export { diffHelmRelease, type DiffHelmReleaseOptions, type ObjectDiff } from './diff-helmrelease.js';
