// Oracle for test/registry/crd/upstream-golden.json: runs apiextensions-apiserver v0.33.13's own
// code on JSON cases from stdin (one per line) and prints one JSON answer per line.
//   {"op":"cr","schema":{...},"object":{...}}  -> pruned+defaulted object and validation errors
//   {"op":"crd","crd":{...v1 CRD...}}          -> CRD validation errors
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/install"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	crdvalidation "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/listtype"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/runtime"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

type input struct {
	Op     string                 `json:"op"`
	Schema json.RawMessage        `json:"schema"`
	Object json.RawMessage        `json:"object"`
	CRD    json.RawMessage        `json:"crd"`
}

type output struct {
	Object map[string]interface{} `json:"object,omitempty"`
	Errors []string               `json:"errors"`
	Fail   string                 `json:"fail,omitempty"`
}

var scheme = runtime.NewScheme()

func errs(list field.ErrorList) []string {
	out := []string{}
	for _, e := range list {
		out = append(out, e.Error())
	}
	return out
}

func cr(in input) output {
	var v1 apiextensionsv1.JSONSchemaProps
	if err := json.Unmarshal(in.Schema, &v1); err != nil {
		return output{Fail: err.Error()}
	}
	var internal apiextensions.JSONSchemaProps
	if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(&v1, &internal, nil); err != nil {
		return output{Fail: err.Error()}
	}
	s, err := structuralschema.NewStructural(&internal)
	if err != nil {
		return output{Fail: err.Error()}
	}
	// As the server decodes bodies: integral numbers become int64 (k8s.io/apimachinery/pkg/util/json).
	obj := map[string]interface{}{}
	if err := utiljson.Unmarshal(in.Object, &obj); err != nil {
		return output{Fail: err.Error()}
	}
	pruning.Prune(obj, s, true)
	defaulting.Default(obj, s)
	defaulting.PruneNonNullableNullsWithoutDefaults(obj, s)
	validator, _, err := apiservervalidation.NewSchemaValidator(&internal)
	if err != nil {
		return output{Fail: err.Error()}
	}
	// customResourceStrategy.Validate: schema, embedded resources' metadata, list types.
	list := apiservervalidation.ValidateCustomResource(nil, obj, validator)
	list = append(list, schemaobjectmeta.Validate(nil, obj, s, false)...)
	list = append(list, listtype.ValidateListSetsAndMaps(nil, s, obj)...)
	return output{Object: obj, Errors: errs(list)}
}

func crd(in input) output {
	var v1 apiextensionsv1.CustomResourceDefinition
	if err := json.Unmarshal(in.CRD, &v1); err != nil {
		return output{Fail: err.Error()}
	}
	scheme.Default(&v1)
	var internal apiextensions.CustomResourceDefinition
	if err := scheme.Convert(&v1, &internal, nil); err != nil {
		return output{Fail: err.Error()}
	}
	return output{Errors: errs(crdvalidation.ValidateCustomResourceDefinition(context.Background(), &internal))}
}

func main() {
	install.Install(scheme)
	reader := bufio.NewScanner(os.Stdin)
	reader.Buffer(make([]byte, 1<<20), 1<<24)
	enc := json.NewEncoder(os.Stdout)
	for reader.Scan() {
		var in input
		if err := json.Unmarshal(reader.Bytes(), &in); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		var out output
		if in.Op == "crd" {
			out = crd(in)
		} else {
			out = cr(in)
		}
		_ = enc.Encode(out)
	}
}
