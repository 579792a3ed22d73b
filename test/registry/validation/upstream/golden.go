// Command golden runs kube-apiserver's own decoding (defaulting + conversion) and validation
// from k8s.io/kubernetes v1.33.13 over JSON lines {"object": ..., "old": ...} on stdin and prints
// {"errors": [...], "defaulted": <v1 object>} per line. generate.ts uses it to record the
// upstream answers our tests compare against; it is not part of vkube.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	_ "k8s.io/kubernetes/pkg/apis/rbac/install"
	_ "k8s.io/kubernetes/pkg/apis/autoscaling/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/discovery/install"
	_ "k8s.io/kubernetes/pkg/apis/scheduling/install"
	_ "k8s.io/kubernetes/pkg/apis/storage/install"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/policy/install"
	"k8s.io/kubernetes/pkg/apis/apps"
	appsvalidation "k8s.io/kubernetes/pkg/apis/apps/validation"
	"k8s.io/kubernetes/pkg/apis/batch"
	batchvalidation "k8s.io/kubernetes/pkg/apis/batch/validation"
	"k8s.io/kubernetes/pkg/apis/core"
	corevalidation "k8s.io/kubernetes/pkg/apis/core/validation"
	"k8s.io/kubernetes/pkg/apis/rbac"
	rbacvalidation "k8s.io/kubernetes/pkg/apis/rbac/validation"
)

// Each input line: {"object": {...}, "old": {...}?}. Output: JSON {errors: [...], defaulted: {...}}.
func decode(raw json.RawMessage) runtime.Object {
	obj, _, err := legacyscheme.Codecs.UniversalDecoder().Decode(raw, nil, nil)
	if err != nil {
		panic(err)
	}
	return obj
}

func validate(obj, old runtime.Object) field.ErrorList {
	popts := corevalidation.PodValidationOptions{AllowRelaxedEnvironmentVariableValidation: true}
	switch o := obj.(type) {
	case *core.Pod:
		if old != nil {
			return corevalidation.ValidatePodUpdate(o, old.(*core.Pod), popts)
		}
		return corevalidation.ValidatePodCreate(o, popts)
	case *core.ConfigMap:
		if old != nil {
			return corevalidation.ValidateConfigMapUpdate(o, old.(*core.ConfigMap))
		}
		return corevalidation.ValidateConfigMap(o)
	case *core.Secret:
		if old != nil {
			return corevalidation.ValidateSecretUpdate(o, old.(*core.Secret))
		}
		return corevalidation.ValidateSecret(o)
	case *core.Service:
		if old != nil {
			return corevalidation.ValidateServiceUpdate(o, old.(*core.Service))
		}
		return corevalidation.ValidateService(o, nil)
	case *core.Namespace:
		return corevalidation.ValidateNamespace(o)
	case *apps.Deployment:
		if old != nil {
			errs := appsvalidation.ValidateDeploymentUpdate(o, old.(*apps.Deployment), popts)
			return append(errs, corevalidation.ValidateImmutableField(o.Spec.Selector, old.(*apps.Deployment).Spec.Selector, field.NewPath("spec").Child("selector"))...)
		}
		return appsvalidation.ValidateDeployment(o, popts)
	case *apps.StatefulSet:
		if old != nil {
			return appsvalidation.ValidateStatefulSetUpdate(o, old.(*apps.StatefulSet), popts)
		}
		return appsvalidation.ValidateStatefulSet(o, popts)
	case *apps.DaemonSet:
		return appsvalidation.ValidateDaemonSet(o, popts)
	case *apps.ReplicaSet:
		if old != nil {
			// The apps/v1 strategy adds selector immutability to the validation.
			errs := appsvalidation.ValidateReplicaSetUpdate(o, old.(*apps.ReplicaSet), popts)
			return append(errs, corevalidation.ValidateImmutableField(o.Spec.Selector, old.(*apps.ReplicaSet).Spec.Selector, field.NewPath("spec").Child("selector"))...)
		}
		return appsvalidation.ValidateReplicaSet(o, popts)
	case *batch.Job:
		jopts := batchvalidation.JobValidationOptions{PodValidationOptions: popts, RequirePrefixedLabels: true}
		if old != nil {
			oldJob := old.(*batch.Job)
			jopts.AllowMutableSchedulingDirectives = oldJob.Spec.Suspend != nil && *oldJob.Spec.Suspend && oldJob.Status.StartTime == nil
			return batchvalidation.ValidateJobUpdate(o, oldJob, jopts)
		}
		return batchvalidation.ValidateJob(o, jopts)
	case *core.ReplicationController:
		if old != nil {
			return corevalidation.ValidateReplicationControllerUpdate(o, old.(*core.ReplicationController), popts)
		}
		return corevalidation.ValidateReplicationController(o, popts)
	case *core.PodTemplate:
		return corevalidation.ValidatePodTemplate(o, popts)
	case *core.PersistentVolumeClaim:
		if old != nil {
			return corevalidation.ValidatePersistentVolumeClaimUpdate(o, old.(*core.PersistentVolumeClaim), corevalidation.PersistentVolumeClaimSpecValidationOptions{})
		}
		return corevalidation.ValidatePersistentVolumeClaim(o, corevalidation.PersistentVolumeClaimSpecValidationOptions{})
	case *rbac.ClusterRole:
		return rbacvalidation.ValidateClusterRole(o, rbacvalidation.ClusterRoleValidationOptions{})
	case *rbac.ClusterRoleBinding:
		if old != nil {
			return rbacvalidation.ValidateClusterRoleBindingUpdate(o, old.(*rbac.ClusterRoleBinding))
		}
		return rbacvalidation.ValidateClusterRoleBinding(o)
	case *batch.CronJob:
		if old != nil {
			return batchvalidation.ValidateCronJobUpdate(o, old.(*batch.CronJob), popts)
		}
		return batchvalidation.ValidateCronJobCreate(o, popts)
	case *rbac.Role:
		return rbacvalidation.ValidateRole(o)
	case *rbac.RoleBinding:
		if old != nil {
			return rbacvalidation.ValidateRoleBindingUpdate(o, old.(*rbac.RoleBinding))
		}
		return rbacvalidation.ValidateRoleBinding(o)
	}
	return nil
}

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 8<<20), 8<<20)
	for scanner.Scan() {
		var in struct {
			Object json.RawMessage `json:"object"`
			Old    json.RawMessage `json:"old"`
		}
		if err := json.Unmarshal(scanner.Bytes(), &in); err != nil {
			panic(err)
		}
		obj := decode(in.Object)
		var old runtime.Object
		if len(in.Old) > 0 {
			old = decode(in.Old)
		}
		msgs := []string{}
		for _, e := range validate(obj, old) {
			msgs = append(msgs, e.Error())
		}
		enc := legacyscheme.Codecs.LegacyCodec(legacyscheme.Scheme.PrioritizedVersionsAllGroups()...)
		var buf bytes.Buffer
		if err := enc.Encode(obj, &buf); err != nil {
			panic(err)
		}
		out, _ := json.Marshal(map[string]interface{}{"errors": msgs, "defaulted": json.RawMessage(buf.Bytes())})
		fmt.Println(string(out))
	}
}
