// Runs server-side apply scenarios through upstream's own field manager
// (k8s.io/apimachinery/pkg/util/managedfields, structured-merge-diff v4), so vkube's TypeScript
// implementation can be compared with it step by step.
//
// Usage: go run . < scenarios.json > results.json
//
// Input: {"scenarios":[{"name":..., "gvk":{"group","version","kind"}, "schemas":{model: OpenAPI schema},
// "steps":[{"op":"apply"|"update","manager":..., "force":bool, "subresource":..., "object":{...}}]}]}.
// The live object starts absent; after the first successful step it gets metadata.uid "uid-1", as
// storage would assign. Output: per scenario, per step, the live object after the step or the error.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

type gvkJSON struct {
	Group   string `json:"group"`
	Version string `json:"version"`
	Kind    string `json:"kind"`
}

type step struct {
	Op          string                 `json:"op"`
	Manager     string                 `json:"manager"`
	Force       bool                   `json:"force"`
	Subresource string                 `json:"subresource"`
	Object      map[string]interface{} `json:"object"`
}

type scenario struct {
	Name    string                     `json:"name"`
	GVK     gvkJSON                    `json:"gvk"`
	Schemas map[string]json.RawMessage `json:"schemas"`
	Steps   []step                     `json:"steps"`
}

type stepResult struct {
	Object map[string]interface{} `json:"object,omitempty"`
	Error  *errorJSON             `json:"error,omitempty"`
}

type errorJSON struct {
	Message string        `json:"message"`
	Code    int32         `json:"code,omitempty"`
	Reason  string        `json:"reason,omitempty"`
	Causes  []interface{} `json:"causes,omitempty"`
}

type converter struct{}

func (converter) Convert(in, out, context interface{}) error { return fmt.Errorf("unsupported") }
func (converter) ConvertToVersion(in runtime.Object, _ runtime.GroupVersioner) (runtime.Object, error) {
	return in, nil
}
func (converter) ConvertFieldLabel(_ schema.GroupVersionKind, l, v string) (string, string, error) {
	return l, v, nil
}

type defaulter struct{}

func (defaulter) Default(runtime.Object) {}

type creater struct{}

func (creater) New(gvk schema.GroupVersionKind) (runtime.Object, error) {
	u := &unstructured.Unstructured{Object: map[string]interface{}{}}
	u.SetGroupVersionKind(gvk)
	return u, nil
}

func run(sc scenario) ([]stepResult, error) {
	models := map[string]*spec.Schema{}
	for name, raw := range sc.Schemas {
		s := &spec.Schema{}
		if err := json.Unmarshal(raw, s); err != nil {
			return nil, fmt.Errorf("schema %s: %v", name, err)
		}
		models[name] = s
	}
	tc, err := managedfields.NewTypeConverter(models, false)
	if err != nil {
		return nil, err
	}
	gvk := schema.GroupVersionKind{Group: sc.GVK.Group, Version: sc.GVK.Version, Kind: sc.GVK.Kind}
	managers := map[string]*managedfields.FieldManager{}
	managerFor := func(sub string) (*managedfields.FieldManager, error) {
		if m, ok := managers[sub]; ok {
			return m, nil
		}
		m, err := managedfields.NewDefaultFieldManager(tc, converter{}, defaulter{}, creater{}, gvk, gvk.GroupVersion(), sub, nil)
		managers[sub] = m
		return m, err
	}
	empty, _ := creater{}.New(gvk)
	var live runtime.Object
	results := []stepResult{}
	for _, st := range sc.Steps {
		fm, err := managerFor(st.Subresource)
		if err != nil {
			return nil, err
		}
		current := live
		if current == nil {
			current = empty.DeepCopyObject()
		}
		obj := &unstructured.Unstructured{Object: st.Object}
		var out runtime.Object
		switch st.Op {
		case "apply":
			out, err = fm.Apply(current, obj, st.Manager, st.Force)
		case "update":
			out, err = fm.Update(current, obj, st.Manager)
		default:
			return nil, fmt.Errorf("unknown op %q", st.Op)
		}
		if err != nil {
			results = append(results, stepResult{Error: toErrorJSON(err)})
			continue
		}
		u := out.(*unstructured.Unstructured)
		if live == nil {
			u.SetUID("uid-1")
		}
		normalizeTimes(u)
		live = u
		results = append(results, stepResult{Object: roundTrip(u.Object)})
	}
	return results, nil
}

// normalizeTimes pins every managedFields time to fixedTime and re-sorts the entries the way
// upstream does, so results do not depend on how many wall-clock seconds a run takes (the
// TypeScript side passes fixedTime as "now").
func normalizeTimes(u *unstructured.Unstructured) {
	entries := u.GetManagedFields()
	if len(entries) == 0 {
		return
	}
	fixed := metav1.NewTime(fixedTime)
	for i := range entries {
		if entries[i].Time != nil {
			entries[i].Time = &fixed
		}
	}
	sort.SliceStable(entries, func(i, j int) bool {
		p, q := entries[i], entries[j]
		if p.Operation != q.Operation {
			return p.Operation < q.Operation
		}
		ps, qs := int64(0), int64(0)
		if p.Time != nil {
			ps = p.Time.Unix()
		}
		if q.Time != nil {
			qs = q.Time.Unix()
		}
		if ps != qs {
			return ps < qs
		}
		if p.Manager != q.Manager {
			return p.Manager < q.Manager
		}
		if p.APIVersion != q.APIVersion {
			return p.APIVersion < q.APIVersion
		}
		return p.Subresource < q.Subresource
	})
	u.SetManagedFields(entries)
}

var fixedTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func roundTrip(v map[string]interface{}) map[string]interface{} {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	out := map[string]interface{}{}
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

func toErrorJSON(err error) *errorJSON {
	if status, ok := err.(apierrors.APIStatus); ok {
		s := status.Status()
		e := &errorJSON{Message: s.Message, Code: s.Code, Reason: string(s.Reason)}
		if s.Details != nil {
			for _, c := range s.Details.Causes {
				e.Causes = append(e.Causes, c)
			}
		}
		return e
	}
	return &errorJSON{Message: err.Error()}
}

func main() {
	var input struct {
		Scenarios []scenario `json:"scenarios"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&input); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	output := map[string][]stepResult{}
	for _, sc := range input.Scenarios {
		res, err := run(sc)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", sc.Name, err)
			os.Exit(1)
		}
		output[sc.Name] = res
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(output); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
