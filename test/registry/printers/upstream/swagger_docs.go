package main

// The -swagger-docs mode regenerates src/registry/printers/swagger-docs.generated.ts: the SwaggerDoc()
// strings that pkg/printers/internalversion uses as column descriptions, limited to the fields it uses.

import (
	"fmt"
	appsv1beta1 "k8s.io/api/apps/v1beta1"
	autoscalingv2beta1 "k8s.io/api/autoscaling/v2beta1"
	batchv1 "k8s.io/api/batch/v1"
	batchv1beta1 "k8s.io/api/batch/v1beta1"
	certificatesv1beta1 "k8s.io/api/certificates/v1beta1"
	coordinationv1 "k8s.io/api/coordination/v1"
	coordinationv1alpha2 "k8s.io/api/coordination/v1alpha2"
	apiv1 "k8s.io/api/core/v1"
	discoveryv1beta1 "k8s.io/api/discovery/v1beta1"
	extensionsv1beta1 "k8s.io/api/extensions/v1beta1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	networkingv1beta1 "k8s.io/api/networking/v1beta1"
	rbacv1beta1 "k8s.io/api/rbac/v1beta1"
	schedulingv1 "k8s.io/api/scheduling/v1"
	storagev1 "k8s.io/api/storage/v1"
	storagev1beta1 "k8s.io/api/storage/v1beta1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"os"
	"strings"
)

type doc interface{ SwaggerDoc() map[string]string }

var swaggerTypes = map[string]doc{
	"ObjectMeta":                          metav1.ObjectMeta{},
	"PodStatus":                           apiv1.PodStatus{},
	"PodSpec":                             apiv1.PodSpec{},
	"ReplicationControllerSpec":           apiv1.ReplicationControllerSpec{},
	"ReplicationControllerStatus":         apiv1.ReplicationControllerStatus{},
	"ReplicaSetSpec":                      extensionsv1beta1.ReplicaSetSpec{},
	"ReplicaSetStatus":                    extensionsv1beta1.ReplicaSetStatus{},
	"DaemonSetStatus":                     extensionsv1beta1.DaemonSetStatus{},
	"DaemonSetSpec":                       extensionsv1beta1.DaemonSetSpec{},
	"DeploymentStatus":                    extensionsv1beta1.DeploymentStatus{},
	"DeploymentSpec":                      extensionsv1beta1.DeploymentSpec{},
	"NetworkPolicySpec":                   extensionsv1beta1.NetworkPolicySpec{},
	"JobStatus":                           batchv1.JobStatus{},
	"JobSpec":                             batchv1.JobSpec{},
	"CronJobSpec":                         batchv1beta1.CronJobSpec{},
	"CronJobStatus":                       batchv1beta1.CronJobStatus{},
	"ServiceSpec":                         apiv1.ServiceSpec{},
	"Endpoints":                           apiv1.Endpoints{},
	"NodeSystemInfo":                      apiv1.NodeSystemInfo{},
	"NodeStatus":                          apiv1.NodeStatus{},
	"Event":                               apiv1.Event{},
	"ObjectReference":                     apiv1.ObjectReference{},
	"Secret":                              apiv1.Secret{},
	"ServiceAccount":                      apiv1.ServiceAccount{},
	"ConfigMap":                           apiv1.ConfigMap{},
	"PersistentVolumeSpec":                apiv1.PersistentVolumeSpec{},
	"PersistentVolumeStatus":              apiv1.PersistentVolumeStatus{},
	"PersistentVolumeClaimSpec":           apiv1.PersistentVolumeClaimSpec{},
	"PersistentVolumeClaimStatus":         apiv1.PersistentVolumeClaimStatus{},
	"HorizontalPodAutoscalerSpec":         autoscalingv2beta1.HorizontalPodAutoscalerSpec{},
	"HorizontalPodAutoscalerStatus":       autoscalingv2beta1.HorizontalPodAutoscalerStatus{},
	"RoleBinding":                         rbacv1beta1.RoleBinding{},
	"ClusterRoleBinding":                  rbacv1beta1.ClusterRoleBinding{},
	"CertificateSigningRequestSpec":       certificatesv1beta1.CertificateSigningRequestSpec{},
	"CertificateSigningRequestStatus":     certificatesv1beta1.CertificateSigningRequestStatus{},
	"LeaseSpec":                           coordinationv1.LeaseSpec{},
	"LeaseCandidateSpec":                  coordinationv1alpha2.LeaseCandidateSpec{},
	"StorageClass":                        storagev1.StorageClass{},
	"ControllerRevision":                  appsv1beta1.ControllerRevision{},
	"PriorityClass":                       schedulingv1.PriorityClass{},
	"VolumeAttachmentSpec":                storagev1.VolumeAttachmentSpec{},
	"VolumeAttachmentSource":              storagev1.VolumeAttachmentSource{},
	"VolumeAttachmentStatus":              storagev1.VolumeAttachmentStatus{},
	"EndpointSlice":                       discoveryv1beta1.EndpointSlice{},
	"CSIDriverSpec":                       storagev1.CSIDriverSpec{},
	"VolumeAttributesClass":               storagev1beta1.VolumeAttributesClass{},
	"PriorityLevelConfigurationReference": flowcontrolv1.PriorityLevelConfigurationReference{},
	"FlowSchemaSpec":                      flowcontrolv1.FlowSchemaSpec{},
	"PriorityLevelConfigurationSpec":      flowcontrolv1.PriorityLevelConfigurationSpec{},
	"LimitedPriorityLevelConfiguration":   flowcontrolv1.LimitedPriorityLevelConfiguration{},
	"QueuingConfiguration":                flowcontrolv1.QueuingConfiguration{},
	"ServiceCIDRSpec":                     networkingv1beta1.ServiceCIDRSpec{},
	"IPAddressSpec":                       networkingv1beta1.IPAddressSpec{},
}

// swaggerFields lists, in output order, the fields each printer column takes its description from.
var swaggerFields = []struct {
	typeName string
	fields   []string
}{
	{"ObjectMeta", []string{"name", "creationTimestamp"}},
	{"PodStatus", []string{"podIP", "nominatedNodeName"}},
	{"PodSpec", []string{"nodeName", "readinessGates", "nodeSelector"}},
	{"ReplicationControllerSpec", []string{"replicas", "selector"}},
	{"ReplicationControllerStatus", []string{"replicas", "readyReplicas"}},
	{"ReplicaSetSpec", []string{"replicas", "selector"}},
	{"ReplicaSetStatus", []string{"replicas", "readyReplicas"}},
	{"DaemonSetStatus", []string{"desiredNumberScheduled", "currentNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable"}},
	{"DaemonSetSpec", []string{"selector"}},
	{"DeploymentStatus", []string{"updatedReplicas", "availableReplicas"}},
	{"DeploymentSpec", []string{"selector"}},
	{"NetworkPolicySpec", []string{"podSelector"}},
	{"JobStatus", []string{"succeeded"}},
	{"JobSpec", []string{"selector"}},
	{"CronJobSpec", []string{"schedule", "timeZone", "suspend"}},
	{"CronJobStatus", []string{"active", "lastScheduleTime"}},
	{"ServiceSpec", []string{"type", "clusterIP", "externalIPs", "ports", "selector"}},
	{"Endpoints", []string{"subsets"}},
	{"NodeSystemInfo", []string{"kubeletVersion", "osImage", "kernelVersion", "containerRuntimeVersion"}},
	{"NodeStatus", []string{"addresses"}},
	{"Event", []string{"lastTimestamp", "type", "reason", "involvedObject", "source", "message", "firstTimestamp", "count"}},
	{"ObjectReference", []string{"fieldPath"}},
	{"Secret", []string{"type", "data"}},
	{"ServiceAccount", []string{"secrets"}},
	{"ConfigMap", []string{"data"}},
	{"PersistentVolumeSpec", []string{"capacity", "accessModes", "persistentVolumeReclaimPolicy", "claimRef", "volumeMode"}},
	{"PersistentVolumeStatus", []string{"phase", "reason"}},
	{"PersistentVolumeClaimSpec", []string{"volumeName", "volumeMode"}},
	{"PersistentVolumeClaimStatus", []string{"phase", "capacity", "accessModes"}},
	{"HorizontalPodAutoscalerSpec", []string{"scaleTargetRef", "metrics", "minReplicas", "maxReplicas"}},
	{"HorizontalPodAutoscalerStatus", []string{"currentReplicas"}},
	{"RoleBinding", []string{"roleRef"}},
	{"ClusterRoleBinding", []string{"roleRef"}},
	{"CertificateSigningRequestSpec", []string{"signerName", "request", "expirationSeconds"}},
	{"CertificateSigningRequestStatus", []string{"conditions"}},
	{"LeaseSpec", []string{"holderIdentity"}},
	{"LeaseCandidateSpec", []string{"leaseName"}},
	{"StorageClass", []string{"provisioner", "reclaimPolicy", "volumeBindingMode", "allowVolumeExpansion"}},
	{"ControllerRevision", []string{"revision"}},
	{"PriorityClass", []string{"value", "globalDefault", "preemptionPolicy"}},
	{"VolumeAttachmentSpec", []string{"attacher", "nodeName"}},
	{"VolumeAttachmentSource", []string{"persistentVolumeName"}},
	{"VolumeAttachmentStatus", []string{"attached"}},
	{"EndpointSlice", []string{"addressType", "ports", "endpoints"}},
	{"CSIDriverSpec", []string{"attachRequired", "podInfoOnMount", "storageCapacity", "tokenRequests", "requiresRepublish", "volumeLifecycleModes"}},
	{"VolumeAttributesClass", []string{"driverName"}},
	{"PriorityLevelConfigurationReference", []string{"name"}},
	{"FlowSchemaSpec", []string{"matchingPrecedence", "distinguisherMethod"}},
	{"PriorityLevelConfigurationSpec", []string{"type"}},
	{"LimitedPriorityLevelConfiguration", []string{"nominalConcurrencyShares"}},
	{"QueuingConfiguration", []string{"queues", "handSize", "queueLengthLimit"}},
	{"ServiceCIDRSpec", []string{"cidrs"}},
	{"IPAddressSpec", []string{"parentRef"}},
}

// jsString quotes like JSON.stringify (Go's %q differs for non-ASCII and some escapes).
func jsString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			if r < 0x20 {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

func printSwaggerDocs() {
	var b strings.Builder
	b.WriteString("// Generated from the SwaggerDoc() strings of k8s.io/api and k8s.io/apimachinery v0.33.13: the column\n")
	b.WriteString("// descriptions that kube-apiserver's printers (pkg/printers/internalversion) attach to each Table column.\n")
	b.WriteString("// Only the entries the printers use are kept. Do not edit by hand.\n\n")
	b.WriteString("/* eslint-disable */\nexport const swaggerDocs = {\n")
	for _, entry := range swaggerFields {
		docs := swaggerTypes[entry.typeName].SwaggerDoc()
		b.WriteString("  " + entry.typeName + ": {\n")
		for _, field := range entry.fields {
			text, ok := docs[field]
			if !ok {
				fmt.Fprintln(os.Stderr, "missing "+entry.typeName+"."+field)
				os.Exit(1)
			}
			b.WriteString("    " + field + ": " + jsString(text) + ",\n")
		}
		b.WriteString("  },\n")
	}
	b.WriteString("} as const;\n")
	os.Stdout.WriteString(b.String())
}
