import { ApiGroup, Kind } from '@driftless/api';
import type { ResourceType } from '@driftless/runtime';

function sourceType(kind: string, plural: string): ResourceType {
  return { group: ApiGroup.Source, version: 'v1', kind, plural, namespaced: true };
}

export const gitRepositoryType = sourceType(Kind.GitRepository, 'gitrepositories');
export const helmRepositoryType = sourceType(Kind.HelmRepository, 'helmrepositories');
export const helmChartType = sourceType(Kind.HelmChart, 'helmcharts');
export const ociRepositoryType = sourceType(Kind.OCIRepository, 'ocirepositories');
