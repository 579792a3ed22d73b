// Command upstream prints the fixtures of ../fixtures.json with kube-apiserver's own table printers
// (k8s.io/kubernetes v1.33.13 pkg/printers/internalversion, and apiextensions-apiserver's tableconvertor for
// custom resources) and writes what they produce to stdout. The vkube tests compare our TypeScript printers
// with that output (../upstream-golden.json).
//
// Regenerate: cd test/registry/printers/upstream && GOFLAGS=-mod=mod go run . < ../fixtures.json > ../upstream-golden.json
// and GOFLAGS=-mod=mod go run . -scalars < ../scalars.json > ../scalars-golden.json (duration.HumanDuration and
// resource.Quantity.String() of the listed inputs), and
// GOFLAGS=-mod=mod go run . -swagger-docs > ../../../../src/registry/printers/swagger-docs.generated.ts
//
// Upstream reads the wall clock (time.Since); to print each fixture "as of" its fixed `now`, every RFC3339
// timestamp in the object is shifted by (wall clock - now), truncated to whole seconds.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresource/tableconvertor"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/duration"
	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/admissionregistration/install"
	_ "k8s.io/kubernetes/pkg/apis/flowcontrol/install"
	_ "k8s.io/kubernetes/pkg/apis/networking/install"
	_ "k8s.io/kubernetes/pkg/apis/node/install"
	"k8s.io/kubernetes/pkg/printers"
	printersinternal "k8s.io/kubernetes/pkg/printers/internalversion"
)

type fixture struct {
	Name       string                                           `json:"name"`
	Now        string                                           `json:"now"`
	CRDColumns []apiextensionsv1.CustomResourceColumnDefinition `json:"crdColumns,omitempty"`
	Object     map[string]interface{}                           `json:"object"`
}

type result struct {
	Name       string                         `json:"name"`
	Columns    []metav1.TableColumnDefinition `json:"columns,omitempty"`
	Cells      []interface{}                  `json:"cells,omitempty"`
	Conditions []metav1.TableRowCondition     `json:"conditions,omitempty"`
	Error      string                         `json:"error,omitempty"`
}

var timestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`)

func shift(value interface{}, delta time.Duration) interface{} {
	switch typed := value.(type) {
	case map[string]interface{}:
		for k, v := range typed {
			typed[k] = shift(v, delta)
		}
		return typed
	case []interface{}:
		for i, v := range typed {
			typed[i] = shift(v, delta)
		}
		return typed
	case string:
		if !timestamp.MatchString(typed) {
			return typed
		}
		t, err := time.Parse(time.RFC3339Nano, typed)
		if err != nil {
			return typed
		}
		layout := time.RFC3339
		if len(typed) > len("2006-01-02T15:04:05Z") {
			layout = "2006-01-02T15:04:05.000000Z07:00"
		}
		return t.Add(delta).UTC().Format(layout)
	}
	return value
}

type scalars struct {
	DurationsMs []int64  `json:"durationsMs"`
	Quantities  []string `json:"quantities"`
}

type scalarResults struct {
	Durations  map[string]string `json:"durations"`
	Quantities map[string]string `json:"quantities"`
}

func printScalars() {
	var in scalars
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := scalarResults{Durations: map[string]string{}, Quantities: map[string]string{}}
	for _, ms := range in.DurationsMs {
		out.Durations[fmt.Sprint(ms)] = duration.HumanDuration(time.Duration(ms) * time.Millisecond)
	}
	for _, q := range in.Quantities {
		parsed, err := resource.ParseQuantity(q)
		if err != nil {
			out.Quantities[q] = "error: " + err.Error()
			continue
		}
		out.Quantities[q] = parsed.String()
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", "  ")
	if err := encoder.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	scalarMode := flag.Bool("scalars", false, "print HumanDuration and Quantity.String() of ../scalars.json instead")
	docsMode := flag.Bool("swagger-docs", false, "print src/registry/printers/swagger-docs.generated.ts instead")
	flag.Parse()
	if *scalarMode {
		printScalars()
		return
	}
	if *docsMode {
		printSwaggerDocs()
		return
	}
	var fixtures []fixture
	if err := json.NewDecoder(os.Stdin).Decode(&fixtures); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	generator := printers.NewTableGenerator().With(printersinternal.AddHandlers)
	decoder := legacyscheme.Codecs.UniversalDecoder()
	results := make([]result, 0, len(fixtures))
	for _, f := range fixtures {
		r := result{Name: f.Name}
		now, err := time.Parse(time.RFC3339, f.Now)
		if err != nil {
			r.Error = err.Error()
			results = append(results, r)
			continue
		}
		delta := time.Now().Truncate(time.Second).Sub(now)
		object := shift(f.Object, delta)
		data, _ := json.Marshal(object)
		var table *metav1.Table
		if f.CRDColumns != nil {
			columns := f.CRDColumns
			if len(columns) == 0 {
				// apiextensions-apiserver helpers.go serveDefaultColumnsIfEmpty
				columns = []apiextensionsv1.CustomResourceColumnDefinition{{Name: "Age", Type: "date", Description: metav1.ObjectMeta{}.SwaggerDoc()["creationTimestamp"], JSONPath: ".metadata.creationTimestamp"}}
			}
			convertor, cerr := tableconvertor.New(columns)
			if cerr != nil {
				r.Error = cerr.Error()
			}
			u := &unstructured.Unstructured{}
			if err = u.UnmarshalJSON(data); err == nil {
				table, err = convertor.ConvertToTable(context.Background(), u, nil)
			}
		} else {
			internal, _, derr := decoder.Decode(data, nil, nil)
			if derr != nil {
				err = derr
			} else {
				table, err = generator.GenerateTable(internal, printers.GenerateOptions{Wide: true})
			}
		}
		if err != nil {
			r.Error = err.Error()
		} else if table != nil {
			r.Columns = table.ColumnDefinitions
			if len(table.Rows) == 1 {
				r.Cells = table.Rows[0].Cells
				r.Conditions = table.Rows[0].Conditions
			}
		}
		results = append(results, r)
	}
	out := json.NewEncoder(os.Stdout)
	out.SetIndent("", "  ")
	out.SetEscapeHTML(false)
	if err := out.Encode(results); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
