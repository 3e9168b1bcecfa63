{{/*
What is particular to the image-automation-controller (read by the shared templates, see _helpers.tpl):
- paths: WORK_PATH, the Git working copies of the automations;
- rules: its ClusterRole.
*/}}
{{- define "image-automation-controller.profile" -}}
ports: []
paths:
  - name: work
    env: WORK_PATH
    mountPath: /work
env: []
rules:
  - apiGroups: ["image.toolkit.fluxcd.io"]
    resources: ["imagerepositories", "imagepolicies", "imageupdateautomations"]
    verbs: ["get", "list", "watch", "patch", "update"]
  - apiGroups: ["image.toolkit.fluxcd.io"]
    resources: ["imagerepositories/status", "imagepolicies/status", "imageupdateautomations/status"]
    verbs: ["get", "patch", "update"]
  - apiGroups: ["image.toolkit.fluxcd.io"]
    resources: ["imagerepositories/finalizers", "imagepolicies/finalizers", "imageupdateautomations/finalizers"]
    verbs: ["update"]
  # The GitRepository an ImageUpdateAutomation pushes to.
  - apiGroups: ["source.toolkit.fluxcd.io"]
    resources: ["gitrepositories"]
    verbs: ["get"]
  # Registry and Git credentials.
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
  # accessFrom.namespaceSelectors: the labels of the reading namespace.
  - apiGroups: [""]
    resources: ["namespaces"]
    verbs: ["get"]
  - apiGroups: [""]
    resources: ["events"]
    verbs: ["create", "patch"]
{{- end }}
