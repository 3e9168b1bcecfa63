{{/*
What is particular to the kustomize-controller (read by the shared templates, see _helpers.tpl):
- paths: SCRATCH_PATH, where artifacts are extracted and overlays built;
- rules: its ClusterRole. It applies arbitrary manifests, so by default (rbac.clusterAdmin) it is
  also bound to cluster-admin; these rules are what it needs besides, when it is not.
*/}}
{{- define "kustomize-controller.profile" -}}
ports: []
paths:
  - name: scratch
    env: SCRATCH_PATH
    mountPath: /scratch
env: []
rules:
  - apiGroups: ["kustomize.toolkit.fluxcd.io"]
    resources: ["kustomizations"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: ["kustomize.toolkit.fluxcd.io"]
    resources: ["kustomizations/status"]
    verbs: ["get", "patch", "update"]
  - apiGroups: ["kustomize.toolkit.fluxcd.io"]
    resources: ["kustomizations/finalizers"]
    verbs: ["update"]
  # SOPS decryption keys and postBuild.substituteFrom.
  - apiGroups: [""]
    resources: ["secrets", "configmaps"]
    verbs: ["get"]
  # spec.serviceAccountName: applies as system:serviceaccount:<namespace>:<name>, in its groups.
  - apiGroups: [""]
    resources: ["serviceaccounts", "groups"]
    verbs: ["impersonate"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}
