// Command client-go-check proves that a Kubernetes API server works for client-go informers: it
// watches ConfigMaps, Secrets and Deployments through a shared informer factory (with the
// WatchListClient feature on), creates, updates and deletes one of each, and exits 0 only if the
// informers delivered every expected ADDED, UPDATED and DELETED event in order.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/rand"
	"k8s.io/apimachinery/pkg/util/wait"
	clientfeatures "k8s.io/client-go/features"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

const (
	runLabel       = "vkube.io/client-test"
	stepAnnotation = "vkube.io/client-test-step"
	stepUpdated    = "updated"
)

// watchListOn forces the WatchListClient gate on and leaves every other gate at its default.
type watchListOn struct{ defaults clientfeatures.Gates }

func (g watchListOn) Enabled(key clientfeatures.Feature) bool {
	return key == clientfeatures.WatchListClient || g.defaults.Enabled(key)
}

func main() {
	// Must run before any informer reads the gates.
	clientfeatures.ReplaceFeatureGates(watchListOn{defaults: clientfeatures.FeatureGates()})

	kubeconfig := flag.String("kubeconfig", os.Getenv("KUBECONFIG"), "path to the kubeconfig of the cluster to check")
	namespace := flag.String("namespace", "default", "namespace to create the test objects in (created if missing)")
	timeout := flag.Duration("timeout", 60*time.Second, "overall deadline")
	flag.Parse()
	if *kubeconfig == "" {
		fmt.Fprintln(os.Stderr, "client-go-check: --kubeconfig (or KUBECONFIG) is required")
		os.Exit(2)
	}

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	if err := run(ctx, *kubeconfig, *namespace); err != nil {
		fmt.Fprintf(os.Stderr, "client-go-check: FAIL: %v\n", err)
		os.Exit(1)
	}
	fmt.Println("client-go-check: PASS")
}

func run(ctx context.Context, kubeconfig, namespace string) error {
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return fmt.Errorf("loading kubeconfig: %w", err)
	}
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	fmt.Printf("WatchListClient enabled: %t\n", clientfeatures.FeatureGates().Enabled(clientfeatures.WatchListClient))

	createdNamespace, err := ensureNamespace(ctx, client, namespace)
	if err != nil {
		return err
	}
	if createdNamespace {
		defer func() {
			_ = client.CoreV1().Namespaces().Delete(context.Background(), namespace, metav1.DeleteOptions{})
		}()
	}

	runID := rand.String(8)
	seen := newExpectations()
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0,
		informers.WithNamespace(namespace),
		informers.WithTweakListOptions(func(options *metav1.ListOptions) {
			options.LabelSelector = runLabel + "=" + runID
		}))
	if err := registerHandlers(factory, seen); err != nil {
		return err
	}
	// Shutdown waits for the informers to stop, so they need a stop channel closed before it runs.
	informerCtx, stopInformers := context.WithCancel(ctx)
	factory.Start(informerCtx.Done())
	defer func() {
		stopInformers()
		factory.Shutdown()
	}()
	for informerType, synced := range factory.WaitForCacheSync(informerCtx.Done()) {
		if !synced {
			return fmt.Errorf("informer for %v never synced", informerType)
		}
	}

	objects := newTestObjects(client, namespace, runID)
	phases := []struct {
		name   string
		typ    eventType
		action func(context.Context, testObject) error
	}{
		{"create", eventAdded, func(ctx context.Context, o testObject) error { return o.create(ctx) }},
		{"update", eventUpdated, func(ctx context.Context, o testObject) error { return o.update(ctx) }},
		{"delete", eventDeleted, func(ctx context.Context, o testObject) error { return o.delete(ctx) }},
	}
	for _, phase := range phases {
		for _, object := range objects {
			seen.expect(object.kind, object.name, phase.typ)
			if err := phase.action(ctx, object); err != nil {
				return fmt.Errorf("%s %s/%s: %w", phase.name, object.kind, object.name, err)
			}
		}
		err := wait.PollUntilContextCancel(ctx, 20*time.Millisecond, true, func(context.Context) (bool, error) {
			return seen.allSeen(), nil
		})
		if err != nil {
			return fmt.Errorf("after %s, the informers never delivered: %v", phase.name, seen.missing())
		}
	}
	if problems := seen.orderErrors(); len(problems) > 0 {
		return fmt.Errorf("events out of order: %v", problems)
	}
	return nil
}

func ensureNamespace(ctx context.Context, client kubernetes.Interface, namespace string) (bool, error) {
	_, err := client.CoreV1().Namespaces().Get(ctx, namespace, metav1.GetOptions{})
	if err == nil {
		return false, nil
	}
	if !apierrors.IsNotFound(err) {
		return false, fmt.Errorf("reading namespace %s: %w", namespace, err)
	}
	_, err = client.CoreV1().Namespaces().Create(ctx,
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: namespace}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return false, fmt.Errorf("creating namespace %s: %w", namespace, err)
	}
	return err == nil, nil
}
