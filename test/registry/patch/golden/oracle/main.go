// Command oracle applies patches with the upstream code kube-apiserver v1.33 runs
// (k8s.io/apimachinery strategicpatch, gopkg.in/evanphx/json-patch.v4) and maps errors to the HTTP
// codes of apiserver's patch handler. It reads one JSON case per line on stdin
// ({kind: smp|json|merge, schema, original, patch}) and writes one result per line.
// Patch metadata comes from a vkube FieldSchema; a field the schema does not know has no metadata
// (vkube's rule; upstream's Go-struct lookup would fail there instead).
// Test infrastructure only: ../generate.ts uses it to record upstream-golden.json.
package main

import (
	"bufio"
	encjson "encoding/json"
	"fmt"
	"os"
	"strings"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/mergepatch"
	"k8s.io/apimachinery/pkg/util/strategicpatch"
)

type FieldSchema struct {
	Type                 string                  `json:"type,omitempty"`
	Properties           map[string]*FieldSchema `json:"properties,omitempty"`
	AdditionalProperties encjson.RawMessage      `json:"additionalProperties,omitempty"`
	Items                *FieldSchema            `json:"items,omitempty"`
	PatchStrategy        string                  `json:"patchStrategy,omitempty"`
	PatchMergeKey        string                  `json:"patchMergeKey,omitempty"`
}

type meta struct{ s *FieldSchema }

func (m meta) field(key string) *FieldSchema {
	if m.s == nil {
		return nil
	}
	if p, ok := m.s.Properties[key]; ok {
		return p
	}
	if len(m.s.AdditionalProperties) > 0 && m.s.AdditionalProperties[0] == '{' {
		var ap FieldSchema
		_ = encjson.Unmarshal(m.s.AdditionalProperties, &ap)
		return &ap
	}
	return nil
}

func pm(f *FieldSchema) strategicpatch.PatchMeta {
	p := strategicpatch.PatchMeta{}
	if f == nil {
		return p
	}
	p.SetPatchMergeKey(f.PatchMergeKey)
	if f.PatchStrategy != "" {
		p.SetPatchStrategies(strings.Split(f.PatchStrategy, ","))
	}
	return p
}

func (m meta) LookupPatchMetadataForStruct(key string) (strategicpatch.LookupPatchMeta, strategicpatch.PatchMeta, error) {
	f := m.field(key)
	return meta{f}, pm(f), nil
}
func (m meta) LookupPatchMetadataForSlice(key string) (strategicpatch.LookupPatchMeta, strategicpatch.PatchMeta, error) {
	f := m.field(key)
	var items *FieldSchema
	if f != nil {
		items = f.Items
	}
	return meta{items}, pm(f), nil
}
func (m meta) Name() string {
	if m.s == nil || m.s.Type == "" || m.s.Type == "object" {
		return "struct"
	}
	return m.s.Type
}

type testCase struct {
	Kind     string             `json:"kind"`
	Schema   *FieldSchema       `json:"schema"`
	Original encjson.RawMessage `json:"original"`
	Patch    encjson.RawMessage `json:"patch"`
}

type result struct {
	Result interface{} `json:"result,omitempty"`
	Code   int         `json:"code,omitempty"`
	Error  string      `json:"error,omitempty"`
}

func smpCode(err error) int {
	switch err {
	case mergepatch.ErrBadJSONDoc, mergepatch.ErrBadPatchFormatForPrimitiveList, mergepatch.ErrBadPatchFormatForRetainKeys, mergepatch.ErrBadPatchFormatForSetElementOrderList, mergepatch.ErrUnsupportedStrategicMergePatchFormat:
		return 400
	case mergepatch.ErrNoListOfLists, mergepatch.ErrPatchContentNotMatchRetainKeys:
		return 422
	}
	return 500
}

func run(tc testCase) (res result) {
	defer func() {
		if r := recover(); r != nil {
			res = result{Code: 500, Error: fmt.Sprint("panic: ", r)}
		}
	}()
	switch tc.Kind {
	case "smp":
		orig := map[string]interface{}{}
		if err := json.Unmarshal(tc.Original, &orig); err != nil {
			return result{Code: 400, Error: err.Error()}
		}
		patch := map[string]interface{}{}
		if err := json.Unmarshal(tc.Patch, &patch); err != nil {
			return result{Code: 400, Error: err.Error()}
		}
		out, err := strategicpatch.StrategicMergeMapPatchUsingLookupPatchMeta(orig, patch, meta{tc.Schema})
		if err != nil {
			return result{Code: smpCode(err), Error: err.Error()}
		}
		return result{Result: out}
	case "json":
		p, err := jsonpatch.DecodePatch(tc.Patch)
		if err != nil {
			return result{Code: 400, Error: err.Error()}
		}
		out, err := p.Apply(tc.Original)
		if err != nil {
			return result{Code: 422, Error: err.Error()}
		}
		var v interface{}
		_ = json.Unmarshal(out, &v)
		return result{Result: v}
	case "merge":
		out, err := jsonpatch.MergePatch(tc.Original, tc.Patch)
		if err == jsonpatch.ErrBadJSONPatch {
			return result{Code: 400, Error: err.Error()}
		} else if err != nil {
			return result{Code: 500, Error: err.Error()}
		}
		var v interface{}
		_ = json.Unmarshal(out, &v)
		return result{Result: v}
	}
	return result{Code: -1, Error: "bad kind"}
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	enc := encjson.NewEncoder(os.Stdout)
	for sc.Scan() {
		var tc testCase
		if err := encjson.Unmarshal(sc.Bytes(), &tc); err != nil {
			enc.Encode(result{Code: -1, Error: err.Error()})
			continue
		}
		enc.Encode(run(tc))
	}
}
