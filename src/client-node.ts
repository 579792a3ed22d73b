/**
 * The values vkube takes from @kubernetes/client-node, in one module, so that the build can ship
 * them as one bundle of only what they need (hack/bundle-client-node.mjs replaces this module's
 * output in dist/). client-node's index loads its whole generated API, ~1,000 modules and 20 MB of
 * JavaScript whose source V8 keeps on the heap (it compiles functions lazily, from the source). A
 * process that loads these values holds 31 MB of heap with the package's index, 11 with a bundle;
 * an idle `vkube serve` settles at 133 MB RSS with the bundle, 159 without (60 s after its start).
 *
 * Import the values from here and types from '@kubernetes/client-node' (types are erased): a value
 * imported from the package directly would load the whole package beside the bundle, and be a
 * second class (an ApiException of one is not `instanceof` the other's).
 */
export { ApiException, CoreV1Api, deleteObject, KubeConfig, KubernetesObjectApi, ListWatch, PatchStrategy, PortForward, Watch } from '@kubernetes/client-node';
