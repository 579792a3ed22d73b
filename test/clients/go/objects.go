package main

import (
	"context"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/util/retry"
)

// testObject is one object the check creates, updates and deletes.
type testObject struct {
	kind   string
	name   string
	create func(context.Context) error
	update func(context.Context) error
	delete func(context.Context) error
}

func newTestObjects(client kubernetes.Interface, namespace, runID string) []testObject {
	name := "client-test-" + runID
	labels := map[string]string{runLabel: runID}
	configMaps := client.CoreV1().ConfigMaps(namespace)
	secrets := client.CoreV1().Secrets(namespace)
	deployments := client.AppsV1().Deployments(namespace)
	background := metav1.DeletePropagationBackground
	deleteOptions := metav1.DeleteOptions{PropagationPolicy: &background}
	replicas := int32(0)

	return []testObject{
		{
			kind: "ConfigMap", name: name,
			create: func(ctx context.Context) error {
				_, err := configMaps.Create(ctx, &corev1.ConfigMap{
					ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
					Data:       map[string]string{"step": "created"},
				}, metav1.CreateOptions{})
				return err
			},
			update: func(ctx context.Context) error {
				return retry.RetryOnConflict(retry.DefaultRetry, func() error {
					current, err := configMaps.Get(ctx, name, metav1.GetOptions{})
					if err != nil {
						return err
					}
					current.Data["step"] = stepUpdated
					markUpdated(&current.ObjectMeta)
					_, err = configMaps.Update(ctx, current, metav1.UpdateOptions{})
					return err
				})
			},
			delete: func(ctx context.Context) error { return configMaps.Delete(ctx, name, deleteOptions) },
		},
		{
			kind: "Secret", name: name,
			create: func(ctx context.Context) error {
				_, err := secrets.Create(ctx, &corev1.Secret{
					ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
					StringData: map[string]string{"step": "created"},
				}, metav1.CreateOptions{})
				return err
			},
			update: func(ctx context.Context) error {
				return retry.RetryOnConflict(retry.DefaultRetry, func() error {
					current, err := secrets.Get(ctx, name, metav1.GetOptions{})
					if err != nil {
						return err
					}
					current.Data["step"] = []byte(stepUpdated)
					markUpdated(&current.ObjectMeta)
					_, err = secrets.Update(ctx, current, metav1.UpdateOptions{})
					return err
				})
			},
			delete: func(ctx context.Context) error { return secrets.Delete(ctx, name, deleteOptions) },
		},
		{
			kind: "Deployment", name: name,
			create: func(ctx context.Context) error {
				// Zero replicas: the check is about the API and informers, not about running pods.
				_, err := deployments.Create(ctx, &appsv1.Deployment{
					ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels},
					Spec: appsv1.DeploymentSpec{
						Replicas: &replicas,
						Selector: &metav1.LabelSelector{MatchLabels: labels},
						Template: corev1.PodTemplateSpec{
							ObjectMeta: metav1.ObjectMeta{Labels: labels},
							Spec: corev1.PodSpec{Containers: []corev1.Container{{
								Name: "pause", Image: "registry.k8s.io/pause:3.10",
							}}},
						},
					},
				}, metav1.CreateOptions{})
				return err
			},
			update: func(ctx context.Context) error {
				// The deployment controller writes status concurrently, so conflicts are expected.
				return retry.RetryOnConflict(retry.DefaultRetry, func() error {
					current, err := deployments.Get(ctx, name, metav1.GetOptions{})
					if err != nil {
						return err
					}
					markUpdated(&current.ObjectMeta)
					_, err = deployments.Update(ctx, current, metav1.UpdateOptions{})
					return err
				})
			},
			delete: func(ctx context.Context) error { return deployments.Delete(ctx, name, deleteOptions) },
		},
	}
}

func markUpdated(object *metav1.ObjectMeta) {
	if object.Annotations == nil {
		object.Annotations = map[string]string{}
	}
	object.Annotations[stepAnnotation] = stepUpdated
}

// registerHandlers wires the three informers to the expectations tracker.
func registerHandlers(factory informers.SharedInformerFactory, seen *expectations) error {
	informersByKind := map[string]cache.SharedIndexInformer{
		"ConfigMap":  factory.Core().V1().ConfigMaps().Informer(),
		"Secret":     factory.Core().V1().Secrets().Informer(),
		"Deployment": factory.Apps().V1().Deployments().Informer(),
	}
	for kind, informer := range informersByKind {
		_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: func(obj any) {
				seen.observe(kind, objectName(obj), eventAdded, true)
			},
			UpdateFunc: func(_, obj any) {
				seen.observe(kind, objectName(obj), eventUpdated, isMarkedUpdated(obj))
			},
			DeleteFunc: func(obj any) {
				seen.observe(kind, objectName(obj), eventDeleted, true)
			},
		})
		if err != nil {
			return fmt.Errorf("adding %s event handler: %w", kind, err)
		}
	}
	return nil
}

// objectName unwraps the tombstone an informer hands over when it missed the final delete.
func objectName(obj any) string {
	if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
		obj = tombstone.Obj
	}
	accessor, err := meta.Accessor(obj)
	if err != nil {
		return fmt.Sprintf("<unnamed %T>", obj)
	}
	return accessor.GetName()
}

func isMarkedUpdated(obj any) bool {
	accessor, err := meta.Accessor(obj)
	return err == nil && accessor.GetAnnotations()[stepAnnotation] == stepUpdated
}
