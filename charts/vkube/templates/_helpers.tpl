{{/* Name of the virtual cluster: .Values.name, else the release name. */}}
{{- define "vkube.name" -}}
{{- default .Release.Name .Values.name | trunc 52 | trimSuffix "-" -}}
{{- end -}}

{{- define "vkube.selectorLabels" -}}
app.kubernetes.io/name: vkube
app.kubernetes.io/instance: {{ include "vkube.name" . }}
{{- end -}}

{{/* vkube.io/managed-by is what `vkube delete` and `vkube list` look for. */}}
{{- define "vkube.labels" -}}
{{ include "vkube.selectorLabels" . }}
vkube.io/managed-by: {{ include "vkube.name" . }}
{{- end -}}

{{- define "vkube.image" -}}
{{ .Values.image.repository }}:{{ default .Chart.AppVersion .Values.image.tag }}
{{- end -}}

{{- define "vkube.clusterRoleName" -}}
vkube-{{ .Release.Namespace }}-{{ include "vkube.name" . }}
{{- end -}}
