// Decodes request bodies the way kube-apiserver does with fieldValidation=Strict (apimachinery's JSON
// serializer in strict mode over the typed k8s.io/api structs) and prints the resulting 400 message,
// so vkube's strict decoding can be compared with upstream's text.
//
// Usage: go run . <cases.json>, where cases.json is [{"body": "<json text>"}, ...]. Prints a JSON
// array with one message per case ("" when the body decodes cleanly).
package main

import (
	"encoding/json"
	"fmt"
	"os"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/runtime"
	jsonserializer "k8s.io/apimachinery/pkg/runtime/serializer/json"
)

type testCase struct {
	Body string `json:"body"`
}

func main() {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, rbacv1.AddToScheme, apiextensionsv1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	serializer := jsonserializer.NewSerializerWithOptions(jsonserializer.DefaultMetaFactory, scheme, scheme, jsonserializer.SerializerOptions{Strict: true})
	data, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var cases []testCase
	if err := json.Unmarshal(data, &cases); err != nil {
		panic(err)
	}
	out := make([]string, 0, len(cases))
	for _, c := range cases {
		_, gvk, err := serializer.Decode([]byte(c.Body), nil, nil)
		switch {
		case err == nil:
			out = append(out, "")
		case runtime.IsStrictDecodingError(err):
			// handlers/rest.go transformDecodeError; objGVK.Kind is the same kind for typed objects.
			out = append(out, fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", gvk.Kind, gvk.Version, gvk.Kind, err))
		default:
			out = append(out, "error: "+err.Error())
		}
	}
	encoded, _ := json.Marshal(out)
	fmt.Println(string(encoded))
}
