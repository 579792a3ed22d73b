// Checks vkube's /openapi/v2 protobuf the way client-go and kubectl consume it, and against upstream.
//
// Usage: go run . <ours.pb> <swagger.json> [model]
//   - proto.Unmarshal into gnostic's openapi_v2.Document (what client-go's OpenAPISchema does);
//   - build kubectl's model with kube-openapi's proto.NewOpenAPIData and look up the model
//     (default io.k8s.api.apps.v1.Deployment), reporting its fields and GVK extension;
//   - encode the same swagger.json with upstream's path (openapi_v2.ParseDocument, as kube-openapi's
//     handler.ToProtoBinary does) and compare the two messages: equal once every Any.yaml is
//     compared by meaning rather than by bytes (YAML formatting may differ), plus a count of Any
//     values whose YAML text differs.
//
// Prints one JSON object on stdout; exits non-zero on any failure.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"

	openapi_v2 "github.com/google/gnostic-models/openapiv2"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	kubeproto "k8s.io/kube-openapi/pkg/util/proto"
	yaml "sigs.k8s.io/yaml/goyaml.v2"
)

type report struct {
	Model             string                 `json:"model"`
	Fields            []string               `json:"fields"`
	Extensions        map[string]interface{} `json:"extensions"`
	ModelCount        int                    `json:"modelCount"`
	EqualToUpstream   bool                   `json:"equalToUpstream"`
	AnyValues         int                    `json:"anyValues"`
	AnyYamlTextDiffer int                    `json:"anyYamlTextDiffer"`
	FirstYamlDiff     []string               `json:"firstYamlDiff,omitempty"`
	BytesEqual        bool                   `json:"bytesEqual"`
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) < 3 {
		fail("usage: gocheck <ours.pb> <swagger.json> [model]")
	}
	model := "io.k8s.api.apps.v1.Deployment"
	if len(os.Args) > 3 {
		model = os.Args[3]
	}
	ourBytes, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail("read: %v", err)
	}
	ours := &openapi_v2.Document{}
	if err := proto.Unmarshal(ourBytes, ours); err != nil {
		fail("proto.Unmarshal: %v", err)
	}
	models, err := kubeproto.NewOpenAPIData(ours)
	if err != nil {
		fail("NewOpenAPIData: %v", err)
	}
	r := report{Model: model, ModelCount: len(models.ListModels())}
	schema := models.LookupModel(model)
	kind, ok := schema.(*kubeproto.Kind)
	if !ok {
		fail("LookupModel(%s): got %T", model, schema)
	}
	r.Fields = kind.Keys()
	sort.Strings(r.Fields)
	r.Extensions = map[string]interface{}{}
	for k, v := range kind.GetExtensions() {
		r.Extensions[k] = fmt.Sprint(v)
	}

	swaggerJSON, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("read: %v", err)
	}
	upstream, err := openapi_v2.ParseDocument(swaggerJSON)
	if err != nil {
		fail("upstream ParseDocument: %v", err)
	}
	upstreamBytes, err := proto.MarshalOptions{Deterministic: true}.Marshal(upstream)
	if err != nil {
		fail("upstream Marshal: %v", err)
	}
	r.BytesEqual = string(upstreamBytes) == string(ourBytes)
	normalizeAny(ours.ProtoReflect(), upstream.ProtoReflect(), &r)
	r.EqualToUpstream = proto.Equal(ours, upstream)

	out, _ := json.Marshal(r)
	fmt.Println(string(out))
	if !r.EqualToUpstream {
		// Leave both messages as text beside ours.pb, for a diff.
		opts := prototext.MarshalOptions{Multiline: true}
		_ = os.WriteFile(os.Args[1]+".ours.txt", []byte(opts.Format(ours)), 0o644)
		_ = os.WriteFile(os.Args[1]+".upstream.txt", []byte(opts.Format(upstream)), 0o644)
		os.Exit(2)
	}
}

var anyName = (&openapi_v2.Any{}).ProtoReflect().Descriptor().FullName()

// normalizeAny walks both messages in step; where both hold an Any whose YAML means the same value,
// it copies upstream's text into ours, so proto.Equal then compares everything else exactly.
func normalizeAny(ours, upstream protoreflect.Message, r *report) {
	if ours.Descriptor().FullName() == anyName {
		r.AnyValues++
		ourYaml := ours.Interface().(*openapi_v2.Any)
		upYaml := upstream.Interface().(*openapi_v2.Any)
		if ourYaml.Yaml != upYaml.Yaml {
			r.AnyYamlTextDiffer++
			if len(r.FirstYamlDiff) < 6 {
				r.FirstYamlDiff = append(r.FirstYamlDiff, fmt.Sprintf("ours=%q upstream=%q", ourYaml.Yaml, upYaml.Yaml))
			}
			var a, b interface{}
			if yaml.Unmarshal([]byte(ourYaml.Yaml), &a) == nil && yaml.Unmarshal([]byte(upYaml.Yaml), &b) == nil && reflect.DeepEqual(a, b) {
				ourYaml.Yaml = upYaml.Yaml
			}
		}
		return
	}
	fields := ours.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		if fd.Kind() != protoreflect.MessageKind {
			continue
		}
		if !ours.Has(fd) || !upstream.Has(fd) {
			continue
		}
		if fd.IsList() {
			a, b := ours.Get(fd).List(), upstream.Get(fd).List()
			for j := 0; j < a.Len() && j < b.Len(); j++ {
				normalizeAny(a.Get(j).Message(), b.Get(j).Message(), r)
			}
			continue
		}
		normalizeAny(ours.Get(fd).Message(), upstream.Get(fd).Message(), r)
	}
}
