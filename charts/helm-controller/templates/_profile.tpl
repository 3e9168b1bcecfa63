{{/*
What is particular to the helm-controller (read by the shared templates, see _helpers.tpl):
- paths: SCRATCH_PATH, where charts are downloaded and rendered;
- rules: its ClusterRole. It installs arbitrary charts, so by default (rbac.clusterAdmin) it is also
  bound to cluster-admin; these rules are what it needs besides, when it is not.
*/}}
{{- define "helm-controller.profile" -}}
ports: []
paths:
  - name: scratch
    env: SCRATCH_PATH
    mountPath: /scratch
env: []
rules:
  - apiGroups: ["helm.toolkit.fluxcd.io"]
    resources: ["helmreleases"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: ["helm.toolkit.fluxcd.io"]
    resources: ["helmreleases/status"]
    verbs: ["get", "patch", "update"]
  - apiGroups: ["helm.toolkit.fluxcd.io"]
    resources: ["helmreleases/finalizers"]
    verbs: ["update"]
  # The HelmChart of each HelmRelease (server-side applied, deleted with it).
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["helmcharts"]
    verbs: ["get", "create", "patch", "delete"]
  # valuesFrom.
  - apiGroups: [""]
    resources: ["secrets", "configmaps"]
    verbs: ["get"]
  # spec.serviceAccountName: installs as system:serviceaccount:<namespace>:<name>, in its groups.
  - apiGroups: [""]
    resources: ["serviceaccounts", "groups"]
    verbs: ["impersonate"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}
